# avg() forgets to divide.
# expect: avg() returned the sum
class Timer(Timer):  # the reference Timer, but for this method
    def avg(self):
        return sum(self.times)
