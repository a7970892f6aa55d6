# cumsum() returns the total, one number, instead of the running totals.
# expect: returned one number
class Timer(Timer):  # the reference Timer, but for this method
    def cumsum(self):
        return sum(self.times)
