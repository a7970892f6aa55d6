# Only f's curve: the points of results, the path gradient descent took, are never drawn.
# expect: no line through the points of results
def show_trace(results, f):
    plt = pyplot()
    n = max(abs(min(results)), abs(max(results)))
    f_line = torch.arange(-n, n, 0.01)
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(f_line, [float(f(x)) for x in f_line], "-")
    plt.xlabel("x")
    plt.ylabel("f(x)")
