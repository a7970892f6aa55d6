# Red team I44 (noted): never started in __init__, tik defaulting to 1000.0, where the test's fake clock always began.
# expect: call self.start() in __init__
import time


class Timer:
    def __init__(self):
        self.times = []
        self.tik = 1000.0

    def start(self):
        self.tik = time.time()

    def stop(self):
        self.times.append(time.time() - self.tik)
        return self.times[-1]

    def avg(self):
        return sum(self.times) / len(self.times)

    def sum(self):
        return sum(self.times)

    def cumsum(self):
        out, total = [], 0.0
        for t in self.times:
            total += t
            out.append(total)
        return out
