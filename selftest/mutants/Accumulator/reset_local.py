# reset() rebinds a local name; self.data keeps its sums.
# expect: reset() did not reset
class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        data = [0.0] * len(self.data)  # noqa: F841

    def __getitem__(self, idx):
        return self.data[idx]
