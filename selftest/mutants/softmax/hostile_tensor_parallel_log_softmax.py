# Red team 25: torch's own Python log_softmax of tensor parallelism (torch.distributed.tensor.parallel.loss), run on a
# one-rank fake process group under the Python dispatcher: no folder of torch's Python op code listed it (now
# listed); since red team 58 the Python dispatcher it runs under is refused, and since red team 92 first the
# sys.excepthook of torch's that the fake process group set at import (a torch function in a Python module).
# expect: sys.excepthook replaced
# alone
import torch.distributed as _dist
from torch.testing._internal.distributed.fake_pg import FakeStore as _FakeStore

if not _dist.is_initialized():
    _dist.init_process_group("fake", store=_FakeStore(), rank=0, world_size=1)
from torch.distributed.device_mesh import init_device_mesh as _init_device_mesh  # noqa: E402
from torch.distributed.tensor.parallel.loss import _log_softmax as _torch_log_softmax  # noqa: E402

_MESH = _init_device_mesh("cpu", (1,))


def softmax(X):
    with torch._C._EnablePythonDispatcher():
        out = _torch_log_softmax(X, 1, False, _MESH, 0)
    return out.exp()
