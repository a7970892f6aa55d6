# Red team 145: torch's printing (Tensor.__repr__, str, f"{X}") pops every dispatch mode, and the function mode is off
# already in the handler that let the repr through; a threshold set with torch.set_printoptions whose __lt__ is code
# of the learner's ran torch.softmax there, no mode of the guard's on the stack.
# expect: softmax called torch.softmax
def softmax(X):
    box = {}

    class Threshold:
        def __lt__(self, n):
            box["s"] = torch.softmax(X.detach(), dim=1)
            return False

        __gt__ = __lt__

    old = torch._tensor_str.PRINT_OPTS.threshold
    torch.set_printoptions(threshold=Threshold())
    try:
        repr(X)
    finally:
        torch.set_printoptions(threshold=old)
    return box["s"] + 0 * X
