# Red team 4, #3: a placeholder returned now, torch.softmax copied into it by a profile function when the
# guard's wrapper returns (after the check).
# expect: sys.setprofile
def softmax(X):
    import sys

    T = X * 0
    caller, old = sys._getframe(1), sys.getprofile()

    def later(frame, event, arg):
        if event == "return" and frame is caller:
            sys.setprofile(old)
            T.copy_(torch.softmax(X, 1))

    sys.setprofile(later)
    return T
