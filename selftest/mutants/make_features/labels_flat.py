# The labels as a vector (T - tau,): squared error against (T - tau, 1) outputs would broadcast.
# expect: make them a column
def make_features(x, tau):
    T = x.shape[0]
    features = torch.zeros((T - tau, tau), device=x.device)
    for i in range(tau):
        features[:, i] = x[i: T - tau + i]
    return features, x[tau:]
