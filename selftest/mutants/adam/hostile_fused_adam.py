# Red team 4, #2: torch._fused_adam_, the kernel behind Adam(fused=True), called directly.
# expect: torch._fused_adam_
def adam(params, states, hyperparams):
    for p, (v, s) in zip(params, states, strict=True):
        step = torch.tensor(float(hyperparams["t"]), device=p.device)
        torch._fused_adam_([p.data], [p.grad], [v], [s], [], [step], lr=hyperparams["lr"], beta1=0.9,
                           beta2=0.999, weight_decay=0.0, eps=1e-6, amsgrad=False, maximize=False)
        p.grad.data.zero_()
    hyperparams["t"] += 1
