# The learner "shared" the layer through copy.deepcopy: an independent copy with equal values.
# expect: deepcopy
def shared_net(num_inputs=4, num_hiddens=8):
    import copy

    shared = nn.Linear(num_hiddens, num_hiddens)
    return nn.Sequential(nn.Linear(num_inputs, num_hiddens), nn.ReLU(), shared, nn.ReLU(),
                         copy.deepcopy(shared), nn.ReLU(), nn.Linear(num_hiddens, 1))
