# __init__ never starts the clock.
# expect: call self.start() in __init__
class Timer(Timer):  # the reference Timer, but for this method
    def __init__(self):
        self.times = []
