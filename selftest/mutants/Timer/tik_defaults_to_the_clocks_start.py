# Red team I44 (noted): never started in __init__, tik defaulting to 1000.0, where the test's fake clock always began.
# expect: call self.start() in __init__
class Timer(Timer):  # the reference Timer, but for this method
    def __init__(self):
        self.times = []
        self.tik = 1000.0
