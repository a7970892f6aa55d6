# The list is created in start(): each start forgets the earlier times.
# expect: not in start()
class Timer(Timer):  # the reference Timer, but for these methods
    def __init__(self):
        self.start()

    def start(self):
        self.times = []
        self.tik = time.time()
