# The tensor methods on .data: outside autograd.
def init_normal(m):
    if type(m) == nn.Linear:
        m.weight.data.normal_(0, 0.01)
        m.bias.data.zero_()
