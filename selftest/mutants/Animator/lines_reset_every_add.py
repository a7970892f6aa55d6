# The lists of points are created anew on every add.
# expect: create self.X and self.Y once
def _add(self, x, y):
    if not hasattr(y, "__len__"):
        y = [y]
    n = len(y)
    if not hasattr(x, "__len__"):
        x = [x] * n
    self.X = [[] for _ in range(n)]
    self.Y = [[] for _ in range(n)]
    for i, (a, b) in enumerate(zip(x, y)):
        self.X[i].append(a)
        self.Y[i].append(b)
    self.axes[0].cla()
    for xs, ys, fmt in zip(self.X, self.Y, self.fmts):
        self.axes[0].plot(xs, ys, fmt)
    self.config_axes()
    self.fig.savefig(self.path)


Animator.add = _add
