# The learner added a softmax layer; nn.CrossEntropyLoss applies one itself.
# expect: drop the softmax layer
def get_net():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.Softmax(dim=1))
    net.apply(init_weights)
    return net
