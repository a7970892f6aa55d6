# Red team I15: a single scatter point (one collection) instead of f's contour lines.
# expect: no contour lines of f
def show_trace_2d(f, results):
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(*zip(*results, strict=True), "-o", color="#ff7f0e")
    plt.scatter([0.0], [0.0])
