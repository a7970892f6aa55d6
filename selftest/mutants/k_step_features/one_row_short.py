# The number of rows is off by one (the + 1 of T - tau - max_steps + 1 forgotten).
# expect: shape
def k_step_features(net, x, tau, max_steps):
    T = x.shape[0]
    features = torch.zeros((T - tau - max_steps, tau + max_steps), device=x.device)
    for i in range(tau):
        features[:, i] = x[i: i + T - tau - max_steps]
    with torch.no_grad():
        for i in range(tau, tau + max_steps):
            features[:, i] = net(features[:, i - tau: i]).reshape(-1)
    return features
