# Red team 17: TorchScript with no ScriptFunction: a graph parsed at call time and run by the interpreter, calling
# aten::rnn_tanh_cell where no function mode looks.
# expect: came through no torch function
import torch

_IR = """graph(%x : Tensor, %h : Tensor, %wih : Tensor, %whh : Tensor, %b : Tensor):
  %none : NoneType = prim::Constant()
  %y : Tensor = aten::rnn_tanh_cell(%x, %h, %wih, %whh, %b, %none)
  return (%y)"""


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    (H,) = state
    graph = torch._C.parse_ir(_IR)
    outputs = []
    for X in inputs:
        H = torch._C._jit_interpret_graph(graph, (X, H, W_xh.T, W_hh.T, b_h))
        outputs.append(torch.mm(H, W_hq) + b_q)
    return torch.cat(outputs, dim=0), (H,)
