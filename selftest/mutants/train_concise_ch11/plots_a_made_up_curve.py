# Red team I53: a loop that never steps (no backward, no step) and plots a constant: the test judged the curve the
# learner plotted, in both modes; now it judges d2l.evaluate_loss's values, which the test computes itself.
# expect: not d2l.evaluate_loss(net, data_iter, loss) / 2
import torch
from torch import nn


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    net = nn.Sequential(nn.Linear(5, 1))
    trainer_fn(list(net.parameters()), **hyperparams)
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=[0.22, 0.35])
    n = 0
    for _ in range(num_epochs):
        for X, _y in data_iter:
            n += X.shape[0]
            if n % 200 == 0:
                animator.add(n / X.shape[0] / len(data_iter), (0.25,))
