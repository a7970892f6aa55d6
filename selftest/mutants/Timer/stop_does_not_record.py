# stop() returns the interval but never records it.
# expect: append
class Timer:
    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.time()

    def stop(self):
        return time.time() - self.tik

    def avg(self):
        return sum(self.times) / len(self.times) if self.times else 0.0

    def sum(self):
        return sum(self.times)

    def cumsum(self):
        out, total = [], 0.0
        for t in self.times:
            total += t
            out.append(total)
        return out
