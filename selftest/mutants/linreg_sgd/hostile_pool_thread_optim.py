# Red team 8: torch.optim.SGD built at import, its step run by a thread pool's worker (also started at import)
# from inside the guarded sgd.
# alone: made at import, it reaches every exercise of its file
# expect: a thread your code started earlier
from concurrent.futures import ThreadPoolExecutor

import torch

_pool = ThreadPoolExecutor(max_workers=1)
_pool.submit(int).result()
_opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)


def sgd(params, lr, batch_size):
    def step():
        _opt.param_groups[0]["params"] = list(params)
        _opt.param_groups[0]["lr"] = lr / batch_size
        _opt.step()
        _opt.zero_grad(set_to_none=False)

    _pool.submit(step).result()
