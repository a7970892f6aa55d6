# Red team 21: torch's own adam.py imported by another spelling of its path (torch/nn/../optim/adam.py): the check of
# where an op comes from compared file names as written, and torch's _single_tensor_adam ran unrefused.
# expect: torch.optim
def adam(params, states, hyperparams):
    import importlib.util
    import os
    import sys

    path = os.path.join(os.path.dirname(torch.__file__), "nn", "..", "optim", "adam.py")
    spec = importlib.util.spec_from_file_location("torch.optim._adam_again", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    for p, (v, s) in zip(params, states, strict=True):
        with torch.no_grad():
            module._single_tensor_adam(
                [p], [p.grad], [v], [s], [], [float(hyperparams["t"] - 1)], None, None, amsgrad=False,
                has_complex=False, beta1=0.9, beta2=0.999, lr=hyperparams["lr"], weight_decay=0, eps=1e-6,
                maximize=False, capturable=False, differentiable=False, decoupled_weight_decay=False)
        p.grad.data.zero_()
    hyperparams["t"] += 1
