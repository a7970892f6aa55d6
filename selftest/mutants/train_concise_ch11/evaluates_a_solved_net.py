# A loop that never steps but hands d2l.evaluate_loss a net solved by least squares, its curve flat at the optimum:
# the loss must fall while the optimizer trains.
# expect: did not fall
import torch
from torch import nn


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    net = nn.Sequential(nn.Linear(5, 1))
    trainer_fn(list(net.parameters()), **hyperparams)
    X = torch.cat([data_iter.X, torch.ones(len(data_iter.X), 1, dtype=data_iter.X.dtype)], 1)
    w = torch.linalg.lstsq(X, data_iter.y.reshape(-1, 1)).solution
    with torch.no_grad():
        net[0].weight.copy_(w[:5].T)
        net[0].bias.copy_(w[5])
    loss = nn.MSELoss(reduction="none")
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=[0.22, 0.35])
    n = 0
    for _ in range(num_epochs):
        for X, _y in data_iter:
            n += X.shape[0]
            if n % 200 == 0:
                animator.add(n / X.shape[0] / len(data_iter), (d2l.evaluate_loss(net, data_iter, loss) / 2,))
