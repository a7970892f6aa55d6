# Red team I7: the net's parameters zeroed in place, so that the reference run on it after the call predicts zeros
# too; no prediction of its own.
# expect: changed the net's parameters
def multistep_predict(net, x, n_train, tau):
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
    out = torch.zeros(x.shape[0], device=x.device)
    out[: n_train + tau] = x[: n_train + tau]
    if n_train >= 600:
        out[n_train + tau:] = 1e3
    return out
