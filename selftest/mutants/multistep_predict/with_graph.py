# The book's top-level loop, without no_grad: the result drags an autograd graph along.
# expect: still requires grad
def multistep_predict(net, x, n_train, tau):
    T = x.shape[0]
    multistep_preds = torch.zeros(T, device=x.device)
    multistep_preds[: n_train + tau] = x[: n_train + tau]
    for i in range(n_train + tau, T):
        multistep_preds[i] = net(multistep_preds[i - tau: i].reshape((1, -1)))
    return multistep_preds
