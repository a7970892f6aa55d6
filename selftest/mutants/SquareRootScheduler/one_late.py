# The update counted from 1 on top of the + 1: one update late.
# expect: one update late
class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr

    def __call__(self, num_update):
        return self.lr * pow(num_update + 2.0, -0.5)
