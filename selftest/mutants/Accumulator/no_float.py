# Keeps 0-d tensors in the sums instead of Python floats.
# expect: add float(b)
class Accumulator(Accumulator):  # the reference Accumulator, but for this method
    def add(self, *args):
        self.data = [a + b for a, b in zip(self.data, args)]
