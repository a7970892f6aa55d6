# Red team I7: the net's parameters zeroed in place, so that the reference's predicted columns are zeros too.
# expect: changed the net's parameters
def k_step_features(net, x, tau, max_steps):
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
    T = x.shape[0]
    features = torch.zeros((T - tau - max_steps + 1, tau + max_steps), device=x.device)
    for i in range(tau):
        features[:, i] = x[i: i + T - tau - max_steps + 1]
    return features
