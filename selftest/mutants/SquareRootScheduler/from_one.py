# The mistake: a scheduler computing from update 0 as if it were 1 (here: dividing by zero at 0).
# expect: updates count from 0
class SquareRootScheduler:
    def __init__(self, lr=0.1):
        self.lr = lr

    def __call__(self, num_update):
        return self.lr * pow(num_update, -0.5)
