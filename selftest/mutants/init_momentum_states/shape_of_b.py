# v_b shaped like w.
# expect: make it like b
def init_momentum_states(feature_dim):
    return (torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1)))
