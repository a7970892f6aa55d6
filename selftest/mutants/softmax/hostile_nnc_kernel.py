# Red team 33: torch's own softmax as NNC (torch._C._te, the tensor-expression compiler) lowers aten::softmax, run by
# NNC's IR evaluator, which reads and writes the tensors' memory where no mode sees an op.
# expect: an NNC kernel
import torch


def softmax(X):
    # RED TEAM 33: torch's own softmax, as NNC (torch._C._te, TorchScript's tensor-expression compiler) lowers
    # aten::softmax (torch/csrc/jit/tensorexpr/operators/softmax.cpp), run by NNC's IR evaluator: it reads and
    # writes the tensors' memory directly, so no op reaches torch's dispatcher during the computation.
    te = torch._C._te
    n, q = X.shape
    dims = [te.ExprHandle.int(1), te.ExprHandle.int(n), te.ExprHandle.int(q)]
    A = te.BufHandle("A", dims, te.Dtype.Float)
    T = te.lower("aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor", [A, 2, None], dims,
                 te.Dtype.Float)
    loop = te.LoopNest([T])
    loop.prepare_for_codegen()
    kernel = te.construct_codegen("ir_eval", te.simplify(loop.root_stmt()), [te.BufferArg(A), te.BufferArg(T)])
    Z = X.detach().cpu().float()
    Z = Z - Z.max(dim=1, keepdim=True).values  # NNC's lowering does not shift by the max itself (exp(1000) = inf)
    inp = Z.contiguous().reshape(1, n, q)
    out = torch.empty(1, n, q)
    kernel.call([inp, out])
    return out.reshape(n, q).to(X.device) + (X - X.detach()) * 0
