"""The one place that names the common torch and Python errors a learner's code raises.

explain(exc, names) turns such an exception into a sentence that says what to change, in
English and 中文, with the original exception after it (shortened). It is a small table of
(recogniser, message): the grader's plugin asks it about any exception that is not already a
test's own KataFailure, so a classic slip is named the same way in every exercise instead of
being special-cased in each test.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LIMIT = 160  # characters of the original exception kept after the explanation


def _text(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else ""


def original(e: BaseException) -> str:
    """`TypeName: first line`, shortened: what torch or Python said, kept after the explanation."""
    text = f"{type(e).__name__}: {_text(e)}"
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


def _who(names: tuple[str, ...]) -> str:
    return names[0] if names else "your code"


# --- shape mismatches in a matrix product ------------------------------------------------------

_MATMUL = re.compile(r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")


def _product_kind(a: int, b: int, c: int, d: int) -> str:
    if 1 < b < c and c % b == 0 and a % (c // b) == 0:
        # images (B, 1, h, w) reach a (h*w, q) weight as (B*h, w) rows: (56x28) @ (784x10) for B=2, h=w=28
        return "unflattened"
    if d == a or (a == 1 and b == d):  # (a == 1: a vector w (d,) on the left)
        return "swapped"
    if b == d:
        return "untransposed"
    return "product"


def _product(m: re.Match, names) -> tuple[str, str]:
    a, b, c, d = (int(g) for g in m.groups())
    shapes = f"({a}x{b}) @ ({c}x{d})"
    kind = _product_kind(a, b, c, d)
    if kind == "unflattened":
        return (f"the input was not flattened: {shapes} means rows of {b} values met a weight that expects "
                f"{c} inputs; reshape each example to one row first, X.reshape((-1, {c})) (or nn.Flatten())",
                f"输入没有展平：{shapes} 说明每行只有 {b} 个值，而权重需要 {c} 个输入；"
                f"先把每个样本展平成一行：X.reshape((-1, {c}))（或 nn.Flatten()）")
    if kind == "swapped":
        return (f"the operands of the matrix product are swapped: {shapes} does not fit, the other order does; "
                "put the data first, torch.matmul(X, w), not torch.matmul(w, X)",
                f"矩阵乘法的两个操作数顺序反了：{shapes} 对不上，反过来才对；"
                "数据在前：torch.matmul(X, w)，而不是 torch.matmul(w, X)")
    if kind == "untransposed":
        return (f"the second operand needs transposing: {shapes} does not fit, ({a}x{b}) @ ({d}x{c}) does; "
                "an nn.Linear-style weight of shape (out, in) multiplies as X @ W.T",
                f"第二个操作数需要转置：{shapes} 对不上，而 ({a}x{b}) @ ({d}x{c}) 可以；"
                "形状为 (out, in) 的权重要写成 X @ W.T")
    return (f"the shapes of a matrix product do not fit: {shapes} needs the first operand's columns ({b}) to equal "
            f"the second's rows ({c}); check which tensor goes first and their shapes",
            f"矩阵乘法的形状对不上：{shapes} 要求第一个操作数的列数（{b}）等于第二个的行数（{c}）；"
            "检查操作数的顺序和形状")


def _vector_operand(m: re.Match, names) -> tuple[str, str]:
    return ("torch.mm (and X.mm) takes two matrices, and one operand is a vector (w may come as shape (d,)): "
            "use torch.matmul(X, w) or X @ w, which take a (d,) and a (d, 1) w alike",
            "torch.mm（以及 X.mm）只接受两个矩阵，而有一个操作数是向量（w 可能是 (d,) 形状）："
            "用 torch.matmul(X, w) 或 X @ w，(d,) 和 (d, 1) 的 w 都能处理")


def _mv(m: re.Match, names) -> tuple[str, str]:
    return (f"the shapes of a matrix-vector product do not fit: a ({m.group(1)}) matrix times a vector of length "
            f"{m.group(2)}; the vector's length must equal the matrix's number of columns",
            f"矩阵与向量相乘的形状对不上：({m.group(1)}) 的矩阵乘以长度为 {m.group(2)} 的向量；"
            "向量长度必须等于矩阵的列数")


# --- autograd ---------------------------------------------------------------------------------


def _inplace_leaf(m: re.Match, names) -> tuple[str, str]:
    return ("a tensor that requires grad (a parameter, a leaf) was changed in place while autograd was recording: "
            "do the change under `with torch.no_grad():` (or on param.data), as sgd and nn.init do",
            "在自动求导记录时原地修改了 requires_grad 的张量（参数、叶子张量）："
            "把修改放进 `with torch.no_grad():`（或改 param.data），就像 sgd 和 nn.init 那样")


def _numpy_grad(m: re.Match, names) -> tuple[str, str]:
    return ("numpy() was called on a tensor that requires grad: use t.detach().cpu().numpy()",
            "对 requires_grad 的张量调用了 numpy()：请用 t.detach().cpu().numpy()")


def _backward_non_scalar(m: re.Match, names) -> tuple[str, str]:
    return ("backward() was called on many losses at once (one per example): reduce them to one number first, "
            "l.sum().backward() (or l.mean().backward())",
            "对多个损失（每个样本一个）直接调用了 backward()：先把它们合成一个数，l.sum().backward()（或 l.mean()）")


def _backward_no_grad(m: re.Match, names) -> tuple[str, str]:
    return ("backward() found nothing to differentiate: the parameters must be created with requires_grad=True, "
            "and the loss computed from them outside torch.no_grad()",
            "backward() 找不到需要求导的张量：参数创建时要 requires_grad=True，且损失不能在 torch.no_grad() 里计算")


# --- nn.Module --------------------------------------------------------------------------------

_MODULE_STATE = r"_(?:parameters|buffers|modules|non_persistent_buffers_set|\w*hooks\w*)"


def _no_super_init(m: re.Match, names) -> tuple[str, str]:
    who = m.groupdict().get("cls") or _who(names)
    return (f"{who}.__init__ must call super().__init__() first: nn.Module sets up its parameter and layer "
            "registries there, before any self.layer = ... can be recorded (and before forward can run)",
            f"{who}.__init__ 必须先调用 super().__init__()：nn.Module 在那里建立参数和层的登记表，"
            "之后 self.layer = ... 才能被记录（forward 也才能运行）")


def _method_not_called(m: re.Match, names) -> tuple[str, str]:
    return ("a method was passed where its result was meant: call it, e.g. net.parameters() rather than "
            "net.parameters (the method itself is no list, number or tensor)",
            "传入的是方法本身而不是它的结果：要调用它，比如 net.parameters() 而不是 net.parameters"
            "（方法本身不是列表、数或张量）")


# --- files, plots, devices ----------------------------------------------------------------------


def _save_order(m: re.Match, names) -> tuple[str, str]:
    return ("torch.save takes the object first and the file second: torch.save(obj, fname), "
            "not torch.save(fname, obj)",
            "torch.save 的参数是先对象、后文件：torch.save(obj, fname)，而不是 torch.save(fname, obj)")


def _axes_not_list(m: re.Match, names) -> tuple[str, str]:
    return ("plt.subplots(1, 1) returns a single Axes, not an array: wrap it in a list "
            "(if nrows * ncols == 1: self.axes = [self.axes]) so that self.axes[0] works",
            "plt.subplots(1, 1) 返回的是单个 Axes 而不是数组：把它放进列表"
            "（if nrows * ncols == 1: self.axes = [self.axes]），self.axes[0] 才能用")


def _no_ipython(m: re.Match, names) -> tuple[str, str]:
    return ("IPython is not installed here, and d2l's `from IPython import display` needs it: show the figure as "
            "the stub says, with IPython.display only `if in_jupyter():` (import it there, inside the if), "
            "otherwise self.fig.savefig(self.path); draw with plt = pyplot() from katas.plotting",
            "这里没有安装 IPython，而 d2l 的 `from IPython import display` 需要它：按存根的说明显示图像，"
            "只在 `if in_jupyter():` 里（在 if 里面导入）使用 IPython.display，否则 self.fig.savefig(self.path)；"
            "画图用 katas.plotting 的 plt = pyplot()")


def _device_mismatch(m: re.Match, names) -> tuple[str, str]:
    return ("tensors on different devices met in one operation: a tensor made without device= "
            "(torch.zeros(...), torch.tensor(...), a plain attribute of a module) stays on the CPU; "
            "create new tensors on the inputs' device, e.g. torch.zeros(..., device=X.device) or torch.zeros_like(X), "
            "w = torch.normal(..., device=features.device), or move the net with net.to(X.device)",
            "不同设备上的张量出现在同一个运算里：不带 device= 创建的张量"
            "（torch.zeros(...)、torch.tensor(...)、模块的普通属性）留在 CPU 上；新张量要建在输入所在的设备上，"
            "例如 torch.zeros(..., device=X.device) 或 torch.zeros_like(X)、"
            "w = torch.normal(..., device=features.device)，或用 net.to(X.device) 移动网络")


def _no_grad_uncalled(m: re.Match, names) -> tuple[str, str]:
    return ("a context manager was used without calling it: write `with torch.no_grad():`, with the parentheses "
            "(torch.no_grad is the class, torch.no_grad() the context)",
            "上下文管理器没有被调用：要写 `with torch.no_grad():`，带上括号"
            "（torch.no_grad 是类，torch.no_grad() 才是上下文）")


def _return_types(m: re.Match, names) -> tuple[str, str]:
    op = m.group(1)
    return (f"X.{op}(dim) returns a pair (values, indices), not a tensor: take its .values, "
            f"e.g. X.{op}(dim=1, keepdim=True).values",
            f"X.{op}(dim) 返回的是 (values, indices) 二元组而不是张量：取它的 .values，"
            f"例如 X.{op}(dim=1, keepdim=True).values")


def _xor_power(m: re.Match, names) -> tuple[str, str]:
    return ("^ is bitwise xor in Python, not a power: square with ** 2 (e.g. (y_hat - y) ** 2)",
            "Python 里 ^ 是按位异或，不是乘方：平方要写 ** 2（例如 (y_hat - y) ** 2）")


def _not_in_workbook_d2l(m: re.Match, names) -> tuple[str, str]:
    name, files = m.group(1), m.group(2)
    if name == "plt":
        return ("d2l.plt is not part of this workbook's d2l: draw with plt = pyplot() (from katas.plotting), "
                "as the stub does",
                "这本练习册的 d2l 里没有 d2l.plt：用 plt = pyplot()（来自 katas.plotting）画图，和存根一样")
    if name == "download":  # the d2l a test lends holds the sections' functions and classes only
        return ("call download(...) itself, as the stub imports it (from katas.data): the d2l lent here holds only "
                "the functions and classes of the sections, no download helper",
                "直接调用 download(...)（存根已从 katas.data 导入）：这里借用的 d2l 只包含各节的函数和类，没有下载工具")
    return (f"d2l.{name} is not part of this workbook's d2l, which holds only your own earlier sections ({files}): "
            f"write what d2l.{name} does in place (the stub's docstring says what is needed)",
            f"这本练习册的 d2l 里没有 d2l.{name}，它只包含你前面各节写的代码（{files}）："
            f"把 d2l.{name} 做的事直接写在这里（存根的文档字符串说明了需要什么）")


# --- shapes in assignment and concatenation ----------------------------------------------------


def _many_into_one(m: re.Match, names) -> tuple[str, str]:
    return ("a tensor of several values was stored into a single element (Y[i, j] = ...): reduce it to one "
            "number first, e.g. the window's product summed, Y[i, j] = (X[i:i+h, j:j+w] * K).sum()",
            "把含有多个值的张量存进了单个元素（Y[i, j] = ...）：先把它归约成一个数，"
            "例如对窗口的乘积求和，Y[i, j] = (X[i:i+h, j:j+w] * K).sum()")


def _cat_dim0(m: re.Match, names) -> tuple[str, str]:
    return ("torch.cat joined along dim 0, the batch, tensors whose other sizes differ: feature maps with different "
            "channel counts join along the channels, torch.cat((...), dim=1)",
            "torch.cat 沿第 0 维（批量）连结了其他维大小不同的张量：通道数不同的特征图要沿通道维连结，"
            "torch.cat((...), dim=1)")


def _tuple_arithmetic(m: re.Match, names) -> tuple[str, str]:
    return ("a pair met arithmetic: kernel_size (like padding and stride) may be an int or a pair (k_h, k_w), as "
            "nn.Conv2d takes them; compute each dimension on its own, k_h, k_w = kernel_size if "
            "isinstance(kernel_size, tuple) else (kernel_size, kernel_size)",
            "二元组参与了算术运算：kernel_size（以及 padding、stride）可以是整数或 (k_h, k_w) 二元组，"
            "与 nn.Conv2d 一样；每一维分别计算，k_h, k_w = kernel_size if isinstance(kernel_size, tuple) "
            "else (kernel_size, kernel_size)")


Recogniser = tuple[str, tuple[type, ...], re.Pattern, Callable[[re.Match, tuple[str, ...]], tuple[str, str]]]

# (key, exception types, pattern searched in str(exc), message); the first match wins.
TABLE: list[Recogniser] = [
    ("product", (RuntimeError,), _MATMUL, _product),
    ("mm_vector", (RuntimeError,), re.compile(r"(?:mat2|self) must be a matrix"), _vector_operand),
    ("mv", (RuntimeError,), re.compile(r"size mismatch, got input \(\d+\), mat \((\d+x\d+)\), vec \((\d+)\)"), _mv),
    ("inplace_leaf", (RuntimeError,),
     re.compile(r"leaf Variable that requires grad is being used in an in-place operation"), _inplace_leaf),
    ("numpy_grad", (RuntimeError,), re.compile(r"Can't call numpy\(\) on Tensor that requires grad"), _numpy_grad),
    ("backward_non_scalar", (RuntimeError,), re.compile(r"grad can be implicitly created only for scalar outputs"),
     _backward_non_scalar),
    ("backward_no_grad", (RuntimeError,), re.compile(r"element 0 of tensors does not require grad"), _backward_no_grad),
    ("no_super_init", (AttributeError,), re.compile(r"cannot assign \w+ before Module\.__init__\(\) call"),
     _no_super_init),
    ("no_super_init", (AttributeError,),
     re.compile(r"'(?P<cls>\w+)' object has no attribute '" + _MODULE_STATE + "'"), _no_super_init),
    ("method_not_called", (TypeError,),
     re.compile(r"'(?:method|builtin_function_or_method)' object is not (?:iterable|subscriptable)"
                r"|object of type '(?:method|builtin_function_or_method)' has no len"
                r"|unsupported operand type\(s\) for .+'(?:method|builtin_function_or_method)'"), _method_not_called),
    ("no_grad_uncalled", (TypeError, AttributeError),
     re.compile(r"'type' object does not support the context manager protocol|^__enter__$"), _no_grad_uncalled),
    ("return_types", (TypeError, AttributeError), re.compile(r"torch\.return_types\.(max|min|sort|topk|median|mode)"),
     _return_types),
    ("xor_power", (NotImplementedError, TypeError, RuntimeError),
     re.compile(r'"bitwise_xor\w*" not implemented for|unsupported operand type\(s\) for \^'), _xor_power),
    ("save_order", (AttributeError,), re.compile(r"expected 'f' to be string, path, or a file-like object"),
     _save_order),
    ("axes_not_list", (TypeError,), re.compile(r"'Axes' object is not subscriptable"), _axes_not_list),
    ("no_ipython", (ModuleNotFoundError,), re.compile(r"No module named 'IPython"), _no_ipython),
    ("not_in_d2l", (AttributeError,), re.compile(r"^d2l has no (\w+) in (.+)$"), _not_in_workbook_d2l),
    ("many_into_one", (RuntimeError,),
     re.compile(r"the number of sizes provided \(0\) must be greater or equal to the number of dimensions"),
     _many_into_one),
    ("cat_dim0", (RuntimeError,), re.compile(r"Sizes of tensors must match except in dimension 0"), _cat_dim0),
    ("tuple_arithmetic", (TypeError,),
     re.compile(r"unsupported operand type\(s\) for .+: '(?:tuple' and '(?:int|float)|(?:int|float)' and 'tuple)'"),
     _tuple_arithmetic),
    ("device_mismatch", (RuntimeError,),
     re.compile(r"Expected all tensors to be on the same device|is not on the expected device"), _device_mismatch),
]


def _find(exc: BaseException) -> tuple[Recogniser, re.Match] | None:
    text = str(exc)
    for row in TABLE:
        if isinstance(exc, row[1]):
            m = row[2].search(text)
            if m:
                return row, m
    return None


def kind(exc: BaseException) -> str | None:
    """Which classic mistake exc shows (a key of TABLE; products: unflattened, swapped, untransposed), or None."""
    found = _find(exc)
    if found is None:
        return None
    (key, *_), m = found
    return _product_kind(*(int(g) for g in m.groups())) if key == "product" else key


def explain(exc: BaseException, names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(en, zh) naming the mistake behind exc, the original exception after it; None if not a known one.

    names are the Python names of the exercise being graded (the subject of a message when the
    exception itself names none).
    """
    found = _find(exc)
    if found is None:
        return None
    (_, _, _, message), m = found
    en, zh = message(m, tuple(names))
    return f"{en} ({original(exc)})", f"{zh}（{original(exc)}）"


def inplace_on_leaf(e: BaseException) -> bool:
    """torch's refusal to change a leaf that requires grad in place (an update outside no_grad)."""
    return kind(e) == "inplace_leaf"


def missing_super_init(e: BaseException) -> bool:
    """An nn.Module used or given layers before its __init__ called super().__init__()."""
    return kind(e) == "no_super_init"
