# Two Linear objects holding the very same Parameters (weight tying): the values and gradients are shared.
def shared_net(num_inputs=4, num_hiddens=8):
    first, second = nn.Linear(num_hiddens, num_hiddens), nn.Linear(num_hiddens, num_hiddens)
    second.weight, second.bias = first.weight, first.bias
    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), first, nn.ReLU(), second, nn.ReLU(),
                         nn.Linear(num_hiddens, 1))
