# A single Axes left as it is: self.axes[0] fails.
# expect: wrap it in a list
class Animator(Animator):  # the reference Animator, but for this method
    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, xscale="linear",
                 yscale="linear", fmts=("-", "m--", "g-.", "r:"), nrows=1, ncols=1, figsize=(3.5, 2.5),
                 path="animator.png"):
        self.fig, self.axes = pyplot().subplots(nrows, ncols, figsize=figsize)
        self.legend = legend or []
        self.config = dict(xlabel=xlabel, ylabel=ylabel, xlim=xlim, ylim=ylim, xscale=xscale, yscale=yscale)
        self.X, self.Y, self.fmts, self.path = None, None, fmts, path
