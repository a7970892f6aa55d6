# Red team I15: f never called: a flat line at 0 instead of f's curve, the points' heights hard-coded x ** 2.
# expect: x ** 2 whatever f is
def show_trace(results, f):
    plt = pyplot()
    n = max(abs(min(results)), abs(max(results)))
    f_line = torch.arange(-n, n, 0.01)
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(f_line, [0.0 for x in f_line], "-")
    plt.plot(results, [float(x) ** 2 for x in results], "-o")
