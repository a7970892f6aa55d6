# Red team I23: a single y is drawn as the x values: the line goes through (x, x).
# expect: add(x, y) with one number y should plot the point (x, y)
class Animator(Animator):  # the reference Animator, but for this method
    def add(self, x, y):
        super().add(x, y if hasattr(y, "__len__") else [x])
