# Red team I22: the contour lines of another function (x1 * x2), never f's.
# expect: where f's on [-5.5, 1] x [-3, 1] go from
def show_trace_2d(f, results):
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(*zip(*results, strict=True), "-o", color="#ff7f0e")
    x1, x2 = torch.meshgrid(torch.arange(-5.5, 1.0, 0.1), torch.arange(-3.0, 1.0, 0.1), indexing="ij")
    plt.contour(x1, x2, x1 * x2, colors="#1f77b4")
