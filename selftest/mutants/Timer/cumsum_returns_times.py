# cumsum() returns the list of times, not running totals.
# expect: returned the times themselves
class Timer(Timer):  # the reference Timer, but for this method
    def cumsum(self):
        return list(self.times)
