# Red team I15: the arrow at x = 0 but far off the curve.
# expect: points at height
def show_saddle_point():
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-2.0, 2.0, 0.01)
    plt.plot(x, x ** 3)
    plt.gca().annotate("saddle point", xy=(0, 123.0), xytext=(-0.52, -5.0), arrowprops=dict(arrowstyle="->"))
