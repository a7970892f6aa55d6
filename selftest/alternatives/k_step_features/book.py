# d2l 8.1's k-step features, as the book prints them (under no_grad).
def k_step_features(net, x, tau, max_steps):
    T = x.shape[0]
    features = torch.zeros((T - tau - max_steps + 1, tau + max_steps), device=x.device)
    # Column i (i < tau) holds observations of x from i to i + T - tau - max_steps + 1
    for i in range(tau):
        features[:, i] = x[i: i + T - tau - max_steps + 1]
    # Column i (i >= tau) holds the (i - tau + 1)-step-ahead predictions
    with torch.no_grad():
        for i in range(tau, tau + max_steps):
            features[:, i] = torch.reshape(net(features[:, i - tau: i]), (-1,))
    return features
