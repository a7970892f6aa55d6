"""Instructor mode's pictures: what learner code drew with pyplot in the worker, redrawn in the driver's pyplot.

After each call the worker describes its open figures when any changed (matplotlib marks a changed figure
stale): size, and per axes its position, lines (data, style), images (data, colour map), texts and
annotations, titles, labels, scales, limits, legend texts, axis visibility, how many collections it holds, and
of its contour sets the range of the values they were drawn from and their levels. The driver checks the
description's every field, then redraws those figures under the same numbers in its own pyplot, where the tests
read them as in one process. What a picture shows is the worker's word (a specific claim: the right content is the
answer itself).
"""

from __future__ import annotations

import math
import sys

import torch

from katas.wire import ProtocolError

FIGURES_LIMIT, AXES_LIMIT, ARTISTS_LIMIT = 16, 64, 512
_MARKS = ("linestyle", "marker", "color", "label")


def changed() -> bool:
    """Whether the worker's pyplot has figures that changed since last described (cheap: no pyplot, no work)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return False
    from matplotlib._pylab_helpers import Gcf  # the figures without making one current (plt.figure(n) does)

    nums = tuple(plt.get_fignums())
    return nums != _last[0] or any(Gcf.figs[n].canvas.figure.stale for n in nums if n in Gcf.figs)


_last: list = [()]


def signature() -> tuple:
    """What the open figures hold, roughly (their numbers and each axes' artists): to tell whether a call drew."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return ()
    from matplotlib._pylab_helpers import Gcf

    return tuple((n, tuple((id(ax), len(ax.get_children())) for ax in Gcf.figs[n].canvas.figure.axes))
                 for n in plt.get_fignums() if n in Gcf.figs)


def describe() -> dict:
    """The worker's open figures, as values (tensors for data), and which is current."""
    import matplotlib.pyplot as plt
    import numpy
    from matplotlib.contour import ContourSet
    from matplotlib.text import Annotation

    def data(values):
        return torch.as_tensor(numpy.asarray(values, dtype=numpy.float64).copy())

    from matplotlib._pylab_helpers import Gcf

    figs = []
    for num in plt.get_fignums()[:FIGURES_LIMIT]:
        fig = Gcf.figs[num].canvas.figure
        axes = []
        for ax in fig.axes[:AXES_LIMIT]:
            titles = (ax.title, ax._left_title, ax._right_title)
            texts = [["a" if isinstance(t, Annotation) else "t", t.get_text()[:200],
                      [float(v) for v in t.get_position()],
                      [float(v) for v in t.xy] if isinstance(t, Annotation) else None,
                      isinstance(t, Annotation) and t.arrow_patch is not None]
                     for t in ax.get_children()
                     if type(t).__name__ in ("Text", "Annotation") and t.get_text() and t not in titles]
            legend = ax.get_legend()
            axes.append({
                "pos": [float(v) for v in ax.get_position().bounds],
                "lines": [[data(ln.get_xdata()), data(ln.get_ydata()),
                           [str(ln.get_linestyle()), str(ln.get_marker()), str(ln.get_color()), str(ln.get_label())]]
                          for ln in ax.get_lines()[:ARTISTS_LIMIT]],
                "images": [[data(im.get_array()), im.get_cmap().name] for im in ax.images[:ARTISTS_LIMIT]],
                "texts": texts[:ARTISTS_LIMIT],
                "labels": [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_xscale(), ax.get_yscale()],
                "lims": [float(v) for v in (*ax.get_xlim(), *ax.get_ylim())],
                "legend": [t.get_text() for t in legend.get_texts()] if legend is not None else None,
                "visible": [ax.get_xaxis().get_visible(), ax.get_yaxis().get_visible()],
                "collections": len(ax.collections),
                "contours": [[float(c.zmin), float(c.zmax), [float(v) for v in c.levels[:ARTISTS_LIMIT]]]
                             for c in ax.collections if isinstance(c, ContourSet)][:ARTISTS_LIMIT],  # matplotlib >= 3.8
            })
        figs.append({"num": num, "size": [float(v) for v in fig.get_size_inches()], "axes": axes})
        fig.stale = False
    _last[0] = tuple(plt.get_fignums())
    active = Gcf.get_active()
    current = active.num if active is not None else None
    return {"figs": figs, "current": current}


def _check(ok: bool) -> None:
    if not ok:
        raise ProtocolError("a picture's description that is not one")


def _strings(xs, n: int) -> bool:
    return isinstance(xs, list) and len(xs) == n and all(isinstance(x, str) and len(x) <= 200 for x in xs)


def _numbers(xs, n: int) -> bool:
    return isinstance(xs, list) and len(xs) == n and all(type(x) in (int, float) for x in xs)


def _vector(t) -> bool:
    return isinstance(t, torch.Tensor) and t.dtype == torch.float64 and t.dim() <= 1


_mirrored: set = set()  # figure numbers the driver redrew from the worker's


def rebuild(desc) -> None:
    """Redraw the worker's figures in the driver's pyplot (each field checked first)."""
    import numpy
    from matplotlib.collections import LineCollection

    from katas.plotting import pyplot

    _check(isinstance(desc, dict) and isinstance(desc.get("figs"), list) and len(desc["figs"]) <= FIGURES_LIMIT)
    plt = pyplot()
    nums = []
    for f in desc["figs"]:
        _check(isinstance(f, dict) and type(f.get("num")) is int and 0 < f["num"] < 10**6 and _numbers(f.get("size"), 2)
               and all(0 < v < 100 for v in f["size"]) and isinstance(f.get("axes"), list)
               and len(f["axes"]) <= AXES_LIMIT)
        fig = plt.figure(f["num"])
        fig.clf()
        fig.set_size_inches(*f["size"])
        nums.append(f["num"])
        for a in f["axes"]:
            _check(isinstance(a, dict) and _numbers(a.get("pos"), 4) and _strings(a.get("labels"), 5)
                   and _numbers(a.get("lims"), 4) and type(a.get("collections")) is int
                   and 0 <= a["collections"] <= ARTISTS_LIMIT and isinstance(a.get("contours"), list)
                   and len(a["contours"]) <= a["collections"] and all(
                       isinstance(c, list) and len(c) == 3 and _numbers(c[:2], 2) and isinstance(c[2], list)
                       and len(c[2]) <= ARTISTS_LIMIT and _numbers(c[2], len(c[2]))
                       and all(math.isfinite(v) for v in (*c[:2], *c[2])) for c in a["contours"])
                   and isinstance(a.get("visible"), list)
                   and len(a["visible"]) == 2 and all(type(v) is bool for v in a["visible"])
                   and all(isinstance(a.get(k), list) and len(a[k]) <= ARTISTS_LIMIT
                           for k in ("lines", "images", "texts"))
                   and (a.get("legend") is None or isinstance(a["legend"], list) and all(
                       isinstance(t, str) for t in a["legend"])))
            ax = fig.add_axes(a["pos"])
            for ln in a["lines"]:
                _check(isinstance(ln, list) and len(ln) == 3 and _vector(ln[0]) and _vector(ln[1])
                       and ln[0].shape == ln[1].shape and _strings(ln[2], len(_MARKS)))
                style = dict(zip(_MARKS, ln[2], strict=True))
                try:
                    ax.plot(ln[0].numpy(), ln[1].numpy(), **style)
                except ValueError:  # a style this matplotlib does not know: the data alone
                    ax.plot(ln[0].numpy(), ln[1].numpy(), label=style["label"])
            for im in a["images"]:
                _check(isinstance(im, list) and len(im) == 2 and isinstance(im[0], torch.Tensor)
                       and im[0].dtype == torch.float64 and 2 <= im[0].dim() <= 3 and isinstance(im[1], str))
                try:
                    ax.imshow(im[0].numpy(), cmap=im[1])
                except ValueError:
                    ax.imshow(im[0].numpy())
            for t in a["texts"]:
                _check(isinstance(t, list) and len(t) == 5 and t[0] in ("a", "t") and isinstance(t[1], str)
                       and _numbers(t[2], 2) and (t[0] == "t" or _numbers(t[3], 2)) and type(t[4]) is bool)
                if t[0] == "a":
                    ax.annotate(t[1], xy=t[3], xytext=t[2], arrowprops={"arrowstyle": "->"} if t[4] else None)
                else:
                    ax.text(*t[2], t[1])
            title, xlabel, ylabel, xscale, yscale = a["labels"]
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            for setter, scale in ((ax.set_xscale, xscale), (ax.set_yscale, yscale)):
                try:
                    setter(scale)
                except ValueError:
                    pass
            x0, x1, y0, y1 = a["lims"]
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            if a["legend"] is not None:
                ax.legend(ax.get_lines()[:len(a["legend"])], a["legend"])
            ax.get_xaxis().set_visible(a["visible"][0])
            ax.get_yaxis().set_visible(a["visible"][1])
            for _ in range(a["collections"] - len(a["contours"])):
                ax.add_collection(LineCollection([]))
            for zmin, zmax, levels in a["contours"]:  # a contour set stays one, of the worker's values and levels
                before = len(ax.collections)  # (hidden: its lines do not cross)
                try:
                    ax.contour(numpy.array([[zmin, zmax], [zmin, zmax]]), levels=levels or None)
                except (ValueError, TypeError):  # levels matplotlib refuses (not increasing): the values alone
                    ax.contour(numpy.array([[zmin, zmax], [zmin, zmax]]))
                for c in ax.collections[before:]:
                    c.set_visible(False)
    for num in _mirrored - set(nums):  # closed in the worker
        plt.close(num)
    _mirrored.clear()
    _mirrored.update(nums)
    current = desc.get("current")
    if type(current) is int and current in nums:
        plt.figure(current)
