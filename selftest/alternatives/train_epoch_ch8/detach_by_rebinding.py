# The state detached by rebinding it to detached copies: no graph is carried either.
def train_epoch_ch8(net, train_iter, loss, updater, device, use_random_iter):
    state, timer, total, n = None, d2l.Timer(), 0.0, 0
    for X, Y in train_iter:
        if state is None or use_random_iter:
            state = net.begin_state(batch_size=X.shape[0], device=device)
        elif isinstance(state, tuple):
            state = tuple(s.detach() for s in state)
        else:
            state = state.detach()
        y = Y.T.reshape(-1).to(device)
        y_hat, state = net(X.to(device), state)
        l = loss(y_hat, y.long()).mean()
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
        l.backward()
        grad_clipping(net, 1)
        if isinstance(updater, torch.optim.Optimizer):
            updater.step()
        else:
            updater(batch_size=1)
        total += float(l) * y.numel()
        n += y.numel()
    return math.exp(total / n), n / timer.stop()
