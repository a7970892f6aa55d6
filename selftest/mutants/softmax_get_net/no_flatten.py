# The learner left out nn.Flatten: (B, 1, 28, 28) images reach nn.Linear(784, 10).
# expect: nn.Flatten()
def get_net():
    net = nn.Sequential(nn.Linear(784, 10))
    net.apply(init_weights)
    return net
