# One tensor with two names: s and delta share their memory.
# expect: shares its memory with another state
def init_adadelta_states(feature_dim):
    s_w = delta_w = torch.zeros((feature_dim, 1))
    s_b = delta_b = torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))
