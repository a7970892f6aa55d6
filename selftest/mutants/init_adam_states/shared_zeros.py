# v_w = s_w = torch.zeros(...): a chained assignment makes the momentum and the second moment one tensor.
# expect: shares its memory
def init_adam_states(feature_dim):
    v_w = s_w = torch.zeros((feature_dim, 1))
    v_b = s_b = torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))
