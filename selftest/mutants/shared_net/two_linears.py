# Two separate Linear layers of the same size: nothing is shared.
# expect: two Linear layers instead of one shared
def shared_net(num_inputs=4, num_hiddens=8):
    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, num_hiddens),
                         nn.ReLU(), nn.Linear(num_hiddens, num_hiddens), nn.ReLU(), nn.Linear(num_hiddens, 1))
