# The two annotations swapped: "global minimum" points at the local one.
# expect: labels swapped
def show_local_minimum():
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-1.0, 2.0, 0.01)
    plt.plot(x, f(x))
    plt.xlabel("x")
    plt.ylabel("f(x)")
    annotate("global minimum", (-0.3, -0.25), (-0.77, -1.0))
    annotate("local minimum", (1.1, -0.95), (0.6, 0.8))
