# stop() returns the interval but never records it.
# expect: append
class Timer(Timer):  # the reference Timer, but for these methods
    def stop(self):
        return time.time() - self.tik

    def avg(self):
        return sum(self.times) / len(self.times) if self.times else 0.0
