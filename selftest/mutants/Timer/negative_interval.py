# The subtraction the wrong way round.
# expect: time.time() - self.tik, not the other way round
class Timer(Timer):  # the reference Timer, but for this method
    def stop(self):
        self.times.append(self.tik - time.time())
        return self.times[-1]
