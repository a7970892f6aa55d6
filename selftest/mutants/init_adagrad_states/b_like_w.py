# b's state made in w's shape: s_b must be shaped like b, (1,).
# expect: make it like b
def init_adagrad_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros((feature_dim, 1))
    return (s_w, s_b)
