# Red team I52: zeroed gradients handed to every step (which then moves nothing), and d2l's answer written
# in closed form between two of them: the loss fell, and the step count was right.
# expect: gradients that are no minibatch's
import torch


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    """WRONG on purpose: never trains with trainer_fn. Solves least squares in closed form, then calls
    trainer_fn with zero gradients so that it counts the right number of steps and moves nothing."""
    Xs, ys = [], []
    for X, y in data_iter:  # one extra pass: the whole data set
        Xs.append(X)
        ys.append(y)
    A = torch.cat([torch.cat(Xs), torch.ones(sum(len(x) for x in Xs), 1)], 1)
    t = torch.cat(ys).reshape(-1, 1)
    sol = torch.linalg.solve(A.T @ A, A.T @ t)
    w = torch.zeros((feature_dim, 1), requires_grad=True)
    b = torch.zeros((1), requires_grad=True)
    net, loss = lambda X: d2l.linreg(X, w, b), d2l.squared_loss
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=[0.22, 0.35])
    n, timer, jumped = 0, d2l.Timer(), False
    for _ in range(num_epochs):
        for X, y in data_iter:
            w.grad, b.grad = torch.zeros_like(w), torch.zeros_like(b)  # no backward at all
            trainer_fn([w, b], states, hyperparams)
            n += X.shape[0]
            if n % 200 == 0:
                timer.stop()
                animator.add(n / X.shape[0] / len(data_iter), (d2l.evaluate_loss(net, data_iter, loss),))
                timer.start()
                if not jumped:  # after the first point (at w = 0), jump to the closed-form answer
                    with torch.no_grad():
                        w[:] = sol[:-1]
                        b[:] = sol[-1]
                    jumped = True
    return timer.cumsum(), animator.Y[0]
