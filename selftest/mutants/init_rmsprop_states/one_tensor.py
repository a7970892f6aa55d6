# One zero tensor handed out twice: w's and b's states are the same object (and the wrong shape for b).
# expect: make it like b
def init_rmsprop_states(feature_dim):
    s = torch.zeros((feature_dim, 1))
    return (s, s)
