# Red team I15: the arrows at the right x but far above the curve.
# expect: points at height
def show_local_minimum():
    plt = pyplot()
    plt.figure(figsize=(3.5, 2.5))
    x = torch.arange(-1.0, 2.0, 0.01)
    plt.plot(x, f(x))
    for text, at in (("local minimum", -0.3), ("global minimum", 1.1)):
        plt.gca().annotate(text, xy=(at, 99.0), xytext=(0.5, 1.0), arrowprops=dict(arrowstyle="->"))
