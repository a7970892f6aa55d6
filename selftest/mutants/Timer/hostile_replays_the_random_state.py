# Red team I11: a Timer that times nothing: it replays the draws of the random module's state (which instructor mode
# sends to learner code) to learn the test's intervals before they pass.
# expect: stop() should return each interval
import random
import time


class Timer:
    def __init__(self):
        self.times, self.plan, self.created = [], [], time.time()
        state = random.getstate()
        if state[1][624] != 624:
            replay = random.Random()
            replay.setstate((state[0], tuple(state[1][:624]) + (0,), None))
            n = replay.randint(2, 5)
            self.plan = [round(replay.uniform(0.1, 3.0), 3) for _ in range(n)]
        self.start()

    def start(self):
        self.tik = time.time()

    def stop(self):
        k = len(self.times)
        self.times.append(self.plan[k] if k < len(self.plan) else time.time() - self.created)
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
