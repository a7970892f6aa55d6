# Each window is shifted one step late: it ends on its own label.
# expect: the windows end on their label
def make_features(x, tau):
    T = x.shape[0]
    features = torch.zeros((T - tau, tau), device=x.device)
    for i in range(tau):
        features[:, i] = x[i + 1: T - tau + i + 1]
    return features, x[tau:].reshape((-1, 1))
