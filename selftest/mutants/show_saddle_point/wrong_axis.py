# Red team I15: x ** 3 drawn against the indices 0..399 instead of the book's x values.
# expect: not drawn over the book's x values
def show_saddle_point():
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-2.0, 2.0, 0.01)
    plt.plot(torch.arange(len(x)) * 1.0, x ** 3)
    annotate("saddle point", (0, -0.2), (-0.52, -5.0))
