# Red team I44: f_grad never called; its slope read back from the random module's state (which instructor mode's
# worker is given): the test drew it with random just before the call. The slope now comes from testkit.unseen().
# expect: values differ
import random


def _draws(n):
    """The last n floats random() returned, read from the generator's words (no brute force)."""
    words, index = random.getstate()[1][:624], random.getstate()[1][624]

    def temper(y):
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)

    out = [temper(w) for w in words[max(0, index - 2 * n):index]]
    return [((a >> 5) * 67108864 + (b >> 6)) / 9007199254740992 for a, b in zip(out[::2], out[1::2], strict=True)]


def gd(eta, f_grad):
    a = 0.5 + 1.5 * (_draws(2) + [0.0])[0]  # the test's a = random.uniform(0.5, 2.0), drawn before its eta
    x = 10.0
    results = [x]
    for _ in range(10):
        x -= eta * a * x
        results.append(float(x))
    return results
