# reset() empties the list: there are no variables left to read.
# expect: reset() emptied the list
class Accumulator(Accumulator):  # the reference Accumulator, but for this method
    def reset(self):
        self.data = []
