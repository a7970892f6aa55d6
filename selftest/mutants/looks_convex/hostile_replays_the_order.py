# Red team I41: never calls f; replays the answers to the book's examples in the order the test once asked them.
# expect: looks_convex(
_answers = [True, True, False, False, True, False, True, False, True]
_asked = [0]


def looks_convex(f, lo, hi):
    _asked[0] += 1
    return _answers[(_asked[0] - 1) % len(_answers)]
