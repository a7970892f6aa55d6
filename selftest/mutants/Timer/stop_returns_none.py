# stop() records the interval but returns nothing.
# expect: stop() returned None
class Timer(Timer):  # the reference Timer, but for this method
    def stop(self):
        self.times.append(time.time() - self.tik)
