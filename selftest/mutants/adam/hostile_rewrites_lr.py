# Red team I11: a wrong adam (t stuck at 1) that sets hyperparams['lr'] to 0 for the test's next steps: the test
# took each step's lr from the dict the learner's code had just rewritten, so its reference stood still too.
# expect: changed hyperparams['lr']
import torch


def adam(params, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, (v, s) in zip(params, states, strict=True):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)
            v_hat, s_hat = v / (1 - beta1), s / (1 - beta2)
            p[:] -= hyperparams["lr"] * v_hat / (torch.sqrt(s_hat) + eps)
        p.grad.data.zero_()
    hyperparams["t"] += 1
    true_lr = hyperparams.setdefault("true_lr", hyperparams["lr"])
    hyperparams["lr"] = 0.0 if hyperparams["t"] <= 4 else true_lr
