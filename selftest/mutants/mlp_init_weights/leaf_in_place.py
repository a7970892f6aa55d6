# The tensor method normal_ on the parameter itself: autograd refuses an in-place change of a leaf.
# expect: change parameters through nn.init
def init_weights(m):
    if type(m) == nn.Linear:
        m.weight.normal_(0, 0.01)
