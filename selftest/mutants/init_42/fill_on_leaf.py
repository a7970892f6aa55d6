# fill_ on the parameter itself: autograd refuses an in-place change of a leaf.
# expect: change parameters through nn.init
def init_42(m):
    if type(m) == nn.Linear:
        m.weight.fill_(42)
