# Red team I14: the trace drawn with x2 flattened to 0 (and the test read only the x data).
# expect: through the points (x1, x2)
def show_trace_2d(f, results):
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot([r[0] for r in results], [0.0 for _ in results], "-o")
    x1, x2 = torch.meshgrid(torch.arange(-5.5, 1.0, 0.1), torch.arange(-3.0, 1.0, 0.1), indexing="ij")
    plt.contour(x1, x2, f(x1, x2))
