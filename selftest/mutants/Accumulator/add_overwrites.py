# add() replaces the sums with the new values.
# expect: add() replaced the sums
class Accumulator(Accumulator):  # the reference Accumulator, but for this method
    def add(self, *args):
        self.data = [float(b) for b in args]
