# d2l 8.1's features, as the book prints them: torch.zeros without device= stays on the CPU, so on a GPU
# (simgpu here) the features are not where x is. Explained, not accepted: the book runs 8.1 on the CPU only.
# expect: create new tensors on the inputs' device
def make_features(x, tau):
    T = x.shape[0]
    features = torch.zeros((T - tau, tau))
    for i in range(tau):
        features[:, i] = x[i: T - tau + i]
    labels = torch.reshape(x[tau:], (-1, 1))
    return features, labels
