# The path without f's contour lines underneath.
# expect: no contour lines
def show_trace_2d(f, results):
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    plt.plot(*zip(*results, strict=True), "-o", color="#ff7f0e")
    plt.xlabel("x1")
    plt.ylabel("x2")
