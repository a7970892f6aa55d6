# A softmax layer at the end: nn.CrossEntropyLoss expects logits.
# expect: ends with a softmax
def get_net():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10), nn.Softmax(dim=1))
    net.apply(init_weights)
    return net
