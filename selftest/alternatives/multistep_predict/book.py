# d2l 8.1's multi-step predictions, as the book prints them (under no_grad, which the book's top level lacks).
def multistep_predict(net, x, n_train, tau):
    T = x.shape[0]
    multistep_preds = torch.zeros(T, device=x.device)
    multistep_preds[: n_train + tau] = x[: n_train + tau]
    with torch.no_grad():
        for i in range(n_train + tau, T):
            multistep_preds[i] = net(
                torch.reshape(multistep_preds[i - tau: i], (1, -1)))
    return multistep_preds
