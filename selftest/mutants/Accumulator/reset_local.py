# reset() rebinds a local name; self.data keeps its sums.
# expect: reset() did not reset
class Accumulator(Accumulator):  # the reference Accumulator, but for this method
    def reset(self):
        data = [0.0] * len(self.data)  # noqa: F841
