# normal_ on the parameter itself, with autograd recording.
# expect: while autograd was recording
def get_net():
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.normal_(0, 0.01)
    net[0].bias.fill_(0)
    return net
