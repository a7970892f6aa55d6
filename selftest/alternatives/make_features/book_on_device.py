# d2l 8.1's features with the one change a GPU needs: the zeros made on x's device.
def make_features(x, tau):
    T = x.shape[0]
    features = torch.zeros((T - tau, tau), device=x.device)
    for i in range(tau):
        features[:, i] = x[i: T - tau + i]
    labels = torch.reshape(x[tau:], (-1, 1))
    return features, labels
