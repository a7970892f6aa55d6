# Every column predicted from observations only: all one-step predictions.
# expect: every column was predicted from observations
def k_step_features(net, x, tau, max_steps):
    T = x.shape[0]
    rows = T - tau - max_steps + 1
    features = torch.zeros((rows, tau + max_steps), device=x.device)
    for i in range(tau):
        features[:, i] = x[i: i + rows]
    with torch.no_grad():
        for i in range(tau, tau + max_steps):
            window = torch.stack([x[i - tau + j: i - tau + j + rows] for j in range(tau)], 1)
            features[:, i] = net(window).reshape(-1)
    return features
