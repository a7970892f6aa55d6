# Each value predicted from the observed x: one-step predictions.
# expect: one-step
def multistep_predict(net, x, n_train, tau):
    T = x.shape[0]
    preds = torch.zeros(T, device=x.device)
    preds[: n_train + tau] = x[: n_train + tau]
    with torch.no_grad():
        for i in range(n_train + tau, T):
            preds[i] = net(x[i - tau: i].reshape((1, -1)))
    return preds
