# net.apply(init_weights()): calls init_weights with nothing instead of passing it.
# expect: net.apply wants the function itself
def get_net():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    net.apply(init_weights())
    return net
