# The tensor method on the parameter itself: autograd refuses an in-place change of a leaf.
# expect: change parameters through nn.init
def init_normal(m):
    if type(m) == nn.Linear:
        m.weight.normal_(0, 0.01)
        m.bias.zero_()
