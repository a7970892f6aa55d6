# Red team I15: f drawn against the indices 0..299 instead of the book's x values.
# expect: not drawn over the book's x values
def show_local_minimum():
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-1.0, 2.0, 0.01)
    plt.plot(torch.arange(len(x)) * 1.0, f(x))
    annotate("local minimum", (-0.3, -0.25), (-0.77, -1.0))
    annotate("global minimum", (1.1, -0.95), (0.6, 0.8))
