# Red team I5: an Animator that draws nothing: its figure and axes are stand-ins that report what add() got, and
# add() writes a PNG header with a made-up size.
# expect: does not decode as an image
import struct


class _T:
    def __init__(self, s): self.s = s
    def get_text(self): return self.s
class _Leg:
    def __init__(self, names): self.names = names
    def get_texts(self): return [_T(n) for n in self.names]
class _Line:
    def __init__(self, xs, ys): self.xs, self.ys = xs, ys
    def get_data(self): return (list(self.xs), list(self.ys))
class _Ax:
    def __init__(self, a): self.a = a
    def get_lines(self): return [_Line(self.a.X[i], self.a.Y[i]) for i in range(len(self.a.Y or []))]
    def get_legend(self): return _Leg(self.a.legend) if self.a.legend else None
    def get_xlabel(self): return self.a.xlabel or ""
    def get_xlim(self): return tuple(self.a.xlim) if self.a.xlim else (0.0, 1.0)
class _Fig:
    def __init__(self, figsize): self.figsize = figsize
    def get_size_inches(self): return list(self.figsize)
    def savefig(self, *a, **k): pass

class Animator:
    def __init__(self, xlabel=None, ylabel=None, legend=None, xlim=None, ylim=None, xscale="linear",
                 yscale="linear", fmts=("-", "m--", "g-.", "r:"), nrows=1, ncols=1, figsize=(3.5, 2.5),
                 path="animator.png"):
        self.xlabel, self.legend, self.xlim, self.path = xlabel, list(legend or []), xlim, path
        self.fig, self.axes = _Fig(figsize), [_Ax(self)]
        self.X = self.Y = None
    def add(self, x, y):
        if not hasattr(y, "__len__"): y = [y]
        if not hasattr(x, "__len__"): x = [x] * len(y)
        if not self.X:
            self.X, self.Y = [[] for _ in y], [[] for _ in y]
        for i, (a, b) in enumerate(zip(x, y)):
            self.X[i].append(a); self.Y[i].append(b)
        with open(self.path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", 640, 480))
