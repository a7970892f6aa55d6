# The ReLUs between the shared uses are dropped.
# expect: should return an nn.Sequential of 7 modules
def shared_net(num_inputs=4, num_hiddens=8):
    shared = nn.Linear(num_hiddens, num_hiddens)
    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), shared, shared, nn.ReLU(),
                         nn.Linear(num_hiddens, 1))
