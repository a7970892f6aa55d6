# Red team 110: a tensor subclass of its own, whose __torch_dispatch__ runs torch.softmax, put inside the grader's
# simulated GPU tensor (found among torch.Tensor's subclasses): the guard trusts the simulated tensor's handler, which
# runs the op on what it holds with the modes popped. The values are torch's, the gradient softmax's Jacobian by hand.
# expect: Carrier.__new__ is its own code
import torch


def _sim_class():
    todo = list(torch.Tensor.__subclasses__())
    while todo:
        c = todo.pop()
        if c.__name__ == "SimTensor":
            return c
        todo.extend(c.__subclasses__())
    raise RuntimeError("no SimTensor")


class Carrier(torch.Tensor):
    @staticmethod
    def __new__(cls, elem, box):
        t = torch.Tensor._make_wrapper_subclass(cls, elem.size(), dtype=elem.dtype, device=elem.device)
        t.elem, t.box = elem, box
        return t

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        args[0].box.append(torch.softmax(args[0].elem, 1))
        return args[0].elem.clone()


def softmax(X):
    Sim = _sim_class()
    sim_in = type(X) is Sim
    box = []
    Sim(Carrier((X.elem if sim_in else X).detach(), box)).neg()
    y = Sim(box[0]) if sim_in else box[0]
    d = X - X.detach()
    return y + y * d - y * (y * d).sum(1, keepdim=True)
