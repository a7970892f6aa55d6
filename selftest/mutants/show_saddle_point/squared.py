# x ** 2 drawn: a minimum, not the saddle point of x ** 3.
# expect: should be x ** 3
def show_saddle_point():
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-2.0, 2.0, 0.01)
    plt.plot(x, x ** 2)
    plt.xlabel("x")
    plt.ylabel("f(x)")
    annotate("saddle point", (0, -0.2), (-0.52, -5.0))
