# One tensor made once and handed out on every call: two trainings share it.
# expect: the same tensors on its second call
_V = (torch.zeros((5, 1)), torch.zeros(1))


def init_momentum_states(feature_dim):
    global _V
    if _V[0].shape[0] != feature_dim:
        _V = (torch.zeros((feature_dim, 1)), torch.zeros(1))
    return _V
