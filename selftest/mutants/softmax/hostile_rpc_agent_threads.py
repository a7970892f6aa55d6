# Red team 104: an RPC agent of torch's, made at import in the test process (an in-memory store, the shm transport),
# runs the builtin op sent to it (torch.softmax) in C++ on its own worker threads: under no mode of the guard's, and
# counted by no Python thread count.
# alone: made at import, it serves every exercise of its file
# expect: an RPC agent of torch.distributed.rpc running
import torch
import torch.distributed as dist
import torch.distributed.autograd as dist_autograd
import torch.distributed.rpc as rpc
from torch.distributed.rpc import api

_agent = rpc.TensorPipeAgent(dist.HashStore(), "w", 0, 1, rpc.TensorPipeRpcBackendOptions(
    num_worker_threads=2, _transports=["shm"], _channels=["basic"]), {}, [])
dist_autograd._init(0)
api._init_rpc_states(_agent)


def softmax(X):
    s = torch.empty_like(X).detach().copy_(rpc.rpc_sync("w", torch.softmax, args=(X.detach().cpu(), 1)))
    d = X - X.detach()
    return s + s * d - s * (s * d).sum(1, keepdim=True)
