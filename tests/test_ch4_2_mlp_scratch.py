"""Graded tests for d2l 4.2, multilayer perceptrons from scratch."""

import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, close, expect, expect_tensor, fail, fmt_shape
from katas.testkit import call, clears, inplace_on_leaf, not_drawn_from, raised, training_seed, training_subset

exercise = pytest.mark.exercise

# The training run: a fixed random 3,000 training images (training_seed), 2 epochs at batch 32, the
# second at a third of the rate, judged on 2,000 test images; an untrained MLP scores about 0.1.
# benchmarks/seed_sweep.py, with --seed and the training seed varied together:
# test accuracy over 1,000 seeds 0.680 at worst, 0.695 at the 1st percentile, 0.747 at the median; bar 0.55.
RUN = dict(train=3000, test=2000, lrs=(0.3, 0.1), batch=32, bar=0.55)
LRS, BATCH, TARGET = RUN["lrs"], RUN["batch"], RUN["bar"]


def train_and_evaluate(fashion_mnist, device, forward, step):
    """Train with minibatches of RUN's training images, one learning rate per epoch; return test accuracy.

    forward(X) gives logits; step(lr, batch_size) updates the parameters after backward on the batch sum.
    """
    train_X, train_y, test_X, test_y = training_subset(fashion_mnist, device, RUN)
    loss = nn.CrossEntropyLoss(reduction="none")
    for lr in LRS:
        order = torch.randperm(len(train_X), device=device)
        for i in range(0, len(order), BATCH):
            j = order[i : i + BATCH]
            loss(forward(train_X[j]), train_y[j]).sum().backward()
            step(lr, len(j))
    with torch.no_grad():
        correct = sum(int((forward(test_X[i : i + 2500]).argmax(1) == test_y[i : i + 2500]).sum())
                      for i in range(0, len(test_X), 2500))
    return correct / len(test_X)


# --- relu ------------------------------------------------------------------------------------


RELU_ERRORS = [
    Mistake(raised(RuntimeError, "Boolean value of Tensor"),
            "use torch.max(X, torch.zeros_like(X)): Python's max() compares whole tensors, not their entries",
            "请用 torch.max(X, torch.zeros_like(X))：Python 的 max() 比较的是整个张量，而不是逐个元素"),
    Mistake(raised(TypeError, "must be Tensor, not"),
            "compare X with a tensor of zeros, torch.max(X, torch.zeros_like(X)): elementwise torch.max and "
            "torch.maximum take two tensors",
            "要和一个全零张量比较：torch.max(X, torch.zeros_like(X))；"
            "逐元素的 torch.max 和 torch.maximum 需要两个张量"),
    Mistake(inplace_on_leaf,
            "return a new tensor, torch.max(X, torch.zeros_like(X)): relu in place changed its input X",
            "请返回新张量 torch.max(X, torch.zeros_like(X))：relu 原地修改了输入 X"),
]


@exercise("relu")
def test_relu_values_and_input_untouched(impl, device):
    X = torch.randn(random.randint(1, 6), random.randint(1, 7), device=device)
    X[0, 0] = -X[0, 0].abs() - 0.1  # a negative entry always, and a positive one when there are two,
    if X.numel() > 1:  # so that X.abs() or a wrong mask always shows
        X[-1, -1] = X[-1, -1].abs() + 0.1
    before = X.clone()
    out = call(f"relu(X {fmt_shape(X.shape)})", impl.relu, X, mistakes=RELU_ERRORS)
    if not torch.equal(X, before):
        fail("return a new tensor, torch.max(X, torch.zeros_like(X)): relu in place changed its input X "
             "(X[X < 0] = 0, clamp_ or relu_)",
             "请返回新张量 torch.max(X, torch.zeros_like(X))：relu 原地修改了输入 X（X[X < 0] = 0、clamp_ 或 relu_）")
    expect_tensor(out, before.clamp(min=0), f"relu(X {fmt_shape(X.shape)})", mistakes=[
        Mistake(lambda a: isinstance(a, (int, float)),  # Python's max(X, 0) on a one-element X
                "use torch.max(X, torch.zeros_like(X)): Python's max() compares whole tensors, not their entries",
                "请用 torch.max(X, torch.zeros_like(X))：Python 的 max() 比较的是整个张量，而不是逐个元素"),
        Mistake(lambda a: isinstance(a, tuple),  # torch.return_types.max is a tuple (values, indices)
                "compare X with a tensor of zeros, torch.max(X, torch.zeros_like(X)): torch.max(X, 0) is the largest "
                "entry along dim 0, returned as (values, indices)",
                "要和全零张量比较：torch.max(X, torch.zeros_like(X))；torch.max(X, 0) 是沿第 0 维的最大值，"
                "返回 (values, indices)"),
        Mistake(lambda a: a.dtype == torch.bool,
                "multiply by the mask, X * (X > 0), or use torch.max(X, torch.zeros_like(X)): X > 0 alone is the "
                "mask, not the result",
                "要乘上掩码 X * (X > 0)，或用 torch.max(X, torch.zeros_like(X))：X > 0 本身只是掩码，不是结果"),
        Mistake(lambda a: close(a, before.abs()), "negative inputs must become 0, not their absolute value: "
                "relu keeps the positive part, torch.max(X, torch.zeros_like(X)); X.abs() flips the negatives instead",
                "负的输入必须变成 0，而不是取绝对值：relu 只保留正的部分，torch.max(X, torch.zeros_like(X))；"
                "X.abs() 是把负数翻成正数"),
        Mistake(lambda a: close(a, 2 * before.clamp(min=0)), "every positive input came out doubled: (X + X.abs()) "
                "is twice relu(X); divide by 2, or use torch.max(X, torch.zeros_like(X))",
                "每个正的输入都翻倍了：(X + X.abs()) 是 relu(X) 的两倍；"
                "要除以 2，或用 torch.max(X, torch.zeros_like(X))"),
        Mistake(lambda a: close(a, before.clamp(max=0)), "that is min(X, 0): keep the positive part, max(X, 0)",
                "这是 min(X, 0)：应保留正的部分 max(X, 0)"),
    ])


@exercise("relu")
def test_relu_gradient(impl):
    X = torch.randn(random.randint(2, 9), random.randint(2, 9), requires_grad=True)
    out = call("relu(X) for an X that requires grad", impl.relu, X, mistakes=RELU_ERRORS)
    expect(out.requires_grad, "relu's output has no grad_fn: compute it from X, not X.data or X.detach()",
           "relu 的输出没有 grad_fn：请直接由 X 计算，不要用 X.data 或 X.detach()")
    X.grad = None  # what backward gives, never a gradient the call set (red team I24 planted X.grad, its output a leaf)
    out.sum().backward()
    expect_tensor(X.grad, (X.detach() > 0).float(), "the gradient of relu(X).sum()", mistakes=[
        Mistake(lambda a: close(a, X.detach().sign()), "the gradient is -1 for negative inputs, as for X.abs(): "
                "relu's is 0 there, because negative inputs become 0, torch.max(X, torch.zeros_like(X))",
                "负输入处的梯度是 -1，和 X.abs() 一样：relu 在那里的梯度是 0，因为负的输入要变成 0，"
                "torch.max(X, torch.zeros_like(X))")])


# --- init_params -----------------------------------------------------------------------------


def _shapes_named(shapes, n_in, n_h, n_out):
    """The classic slip behind a wrong list of shapes from init_params, or None."""
    if shapes == [(n_h, n_in), (n_h,), (n_out, n_h), (n_out,)]:
        return ("make W1 (num_inputs, num_hiddens) and W2 (num_hiddens, num_outputs): they are transposed, "
                "and X @ W1 needs W1's rows to match X's columns",
                "W1 应为 (num_inputs, num_hiddens)、W2 应为 (num_hiddens, num_outputs)：它们被转置了，"
                "X @ W1 要求 W1 的行数等于 X 的列数")
    if shapes == [(n_in, n_h), (n_h, n_out), (n_h,), (n_out,)]:
        return ("return them in the order [W1, b1, W2, b2]: net unpacks W1, b1, W2, b2 = params",
                "按 [W1, b1, W2, b2] 的顺序返回：net 会按 W1, b1, W2, b2 = params 解包")
    if (n_in, n_h, n_out) != (784, 256, 10) and shapes == [(784, 256), (256,), (256, 10), (10,)]:
        return ("use the arguments num_inputs, num_hiddens and num_outputs: init_params ignored them and "
                "built the default 784, 256, 10",
                "请使用参数 num_inputs、num_hiddens、num_outputs：init_params 忽略了它们，用的是默认的 784、256、10")
    return None


def _params(impl, *sizes):
    __tracebackhide__ = True
    params = impl.init_params(*sizes)
    n_in, n_h, n_out = sizes or (784, 256, 10)
    what = f"init_params({', '.join(map(str, sizes))})"
    expect(params is not None, f"{what} returned None: return [W1, b1, W2, b2]",
           f"{what} 返回了 None：请 return [W1, b1, W2, b2]")
    ok = isinstance(params, (list, tuple)) and len(params) == 4 and all(torch.is_tensor(p) for p in params)
    expect(ok, f"{what} should return [W1, b1, W2, b2], four tensors; got {params!r:.80}",
           f"{what} 应返回四个张量 [W1, b1, W2, b2]；实际为 {params!r:.80}")
    shapes = [tuple(p.shape) for p in params]
    want = [(n_in, n_h), (n_h,), (n_h, n_out), (n_out,)]
    if shapes != want:
        named = _shapes_named(shapes, n_in, n_h, n_out)
        en = f"{what} returned shapes {shapes}, expected W1 {want[0]}, b1 {want[1]}, W2 {want[2]}, b2 {want[3]}"
        zh = f"{what} 返回的形状为 {shapes}，应为 W1 {want[0]}、b1 {want[1]}、W2 {want[2]}、b2 {want[3]}"
        fail(f"{en}: {named[0]}" if named else en, f"{zh}：{named[1]}" if named else zh)
    return params


@exercise("mlp_init_params")
def test_init_params_defaults(impl):
    _params(impl)


@exercise("mlp_init_params")
def test_init_params_distribution(impl):
    sizes = random.randint(300, 800), random.randint(100, 300), random.randint(100, 200)
    params = _params(impl, *sizes)
    for p, name in zip(params, ("W1", "b1", "W2", "b2"), strict=True):
        if not p.requires_grad:
            fail(f"wrap {name} in nn.Parameter(...): it does not require grad, so backward never computes its gradient "
                 "and training cannot change it",
                 f"请把 {name} 包进 nn.Parameter(...)：它不需要梯度，反向传播不会计算它的梯度，训练也改变不了它")
        expect(p.is_leaf,
               f"{name} should be a trainable leaf: nn.Parameter(torch.randn(...) * 0.01) (a tensor made with "
               "requires_grad=True and then multiplied is no leaf, and gets no .grad)",
               f"{name} 应是可训练的叶子张量：nn.Parameter(torch.randn(...) * 0.01)"
               "（先 requires_grad=True 再相乘得到的不是叶子，不会有 .grad）")
    for name, w in (("W1", params[0]), ("W2", params[2])):
        w = w.detach()
        std = float(w.std())
        if std == 0:
            fail(f"{name} is all zeros: then every hidden unit computes the same thing and they never differ; "
                 "draw it with torch.randn(...) * 0.01",
                 f"{name} 全为零：所有隐藏单元计算相同，永远无法区分；请用 torch.randn(...) * 0.01")
        if float(w.min()) >= 0:
            fail(f"draw {name} with torch.randn (normal, mean 0), not torch.rand: {name} has no negative entry, "
                 "and torch.rand is uniform on [0, 1)",
                 f"请用 torch.randn（正态分布，均值 0）而不是 torch.rand 生成 {name}：{name} 没有负数，"
                 "torch.rand 是 [0, 1) 上的均匀分布")
        if abs(std - 1) < 0.1:
            fail(f"multiply by 0.01, torch.randn(...) * 0.01: {name}'s std is {std:.4g}, expected 0.01 "
                 "(torch.randn alone draws from N(0, 1))",
                 f"要乘以 0.01：torch.randn(...) * 0.01；{name} 的标准差为 {std:.4g}，应为 0.01"
                 "（torch.randn 本身服从 N(0, 1)）")
        expect(abs(std - 0.01) < 0.001 and abs(float(w.mean())) < 0.001,
               f"{name}'s std is {std:.4g}, expected 0.01: torch.randn(...) * 0.01",
               f"{name} 的标准差为 {std:.4g}，应为 0.01：torch.randn(...) * 0.01")
        why = not_drawn_from(w, "normal")  # +-0.01 with random signs had the right mean and std (red team I46)
        expect(why is None, f"draw {name} with torch.randn(...) * 0.01: it has {why}",
               f"请用 torch.randn(...) * 0.01 生成 {name}：它有{why}")
    for name, b in (("b1", params[1]), ("b2", params[3])):
        expect(not b.detach().any(), f"{name} should start at zero", f"{name} 的初值应为零")


# --- net -------------------------------------------------------------------------------------


def _net_errors(X):
    """What a learner's net raises on images X (B, c, h, w), named."""
    rows = "X.reshape((-1, W1.shape[0]))"
    return [
        Mistake(lambda e: isinstance(e, NameError) and getattr(e, "name", "") in ("num_inputs", "num_hiddens"),
                f"take the input size from the parameters, {rows}: d2l's module-level num_inputs is not "
                "defined in this file",
                f"从参数里取输入维度：{rows}；d2l 在模块顶层定义的 num_inputs 在这个文件里不存在"),
        Mistake(lambda e: isinstance(e, NameError) and getattr(e, "name", "") in ("W1", "b1", "W2", "b2"),
                "unpack the parameters first, W1, b1, W2, b2 = params: d2l keeps them at module level, "
                "here net receives them as its argument",
                "先解包参数：W1, b1, W2, b2 = params；d2l 把它们放在模块顶层，这里 net 通过参数接收它们"),
        Mistake(raised(RuntimeError, "is invalid for input of size"),
                f"flatten to as many columns as W1 has rows, {rows}: a fixed size (d2l's 784) does not fit "
                f"these images of {X[0].numel()} values",
                f"展平成 W1 行数那么多列：{rows}；固定的大小（d2l 的 784）不适合这些有 {X[0].numel()} 个值的图像"),
        Mistake(raised(RuntimeError, f"(1x{X.numel()} and"),
                f"keep one row per example, {rows} or X.flatten(1): flatten(X) also flattened the batch into "
                "one long row",
                f"每个样本保留一行：{rows} 或 X.flatten(1)；flatten(X) 把整批数据也展平成了一行"),
        Mistake(raised(RuntimeError, "cannot be multiplied"),
                f"flatten each image into a row first, {rows}: X comes as images {fmt_shape(X.shape)}",
                f"先把每张图像展平成一行：{rows}；X 是形状为 {fmt_shape(X.shape)} 的图像"),
    ]


@exercise("mlp_net")
def test_net_forward(impl, ref, device):
    c, h, w = random.randint(1, 3), random.randint(2, 6), random.randint(2, 6)
    n_h, n_out = random.randint(3, 20), random.randint(2, 10)
    params = [p.to(device).detach().requires_grad_() for p in ref.init_params(c * h * w, n_h, n_out)]
    batch = random.randint(1, 8)
    for _ in range(1000):  # O(1) values (small ones would hide a missing relu or bias), drawn until every slip shows:
        with torch.no_grad():  # hidden units of both signs with and without b1, and some logit below 0
            for p in params:
                p.normal_()
        X = torch.randn(batch, c, h, w, device=device)
        W1, b1, W2, b2 = (p.detach() for p in params)
        pre = X.reshape(batch, -1) @ W1
        if (pre < 0).any() and (pre + b1 < 0).any() and (pre + b1 > 0).any() and \
                (torch.relu(pre + b1) @ W2 + b2 < 0).any():
            break
    what = f"net(X {fmt_shape(X.shape)}, params)"
    out = call(what, impl.net, X, params, mistakes=_net_errors(X))
    W1, b1, W2, b2 = (p.detach() for p in params)
    rows = X.reshape(len(X), -1)
    relu = torch.relu
    expect_tensor(out, relu(rows @ W1 + b1) @ W2 + b2, what, requires_grad=True, atol=1e-4, mistakes=[
        Mistake(lambda a: a.dim() == 1,  # torch.flatten(X) of a single image: one row, no batch dimension
                "keep one row per example, X.reshape((-1, W1.shape[0])) or X.flatten(1): flatten(X) also "
                "flattened the batch into one long row",
                "每个样本保留一行：X.reshape((-1, W1.shape[0])) 或 X.flatten(1)；flatten(X) 把整批数据也展平成了一行"),
        Mistake(lambda a: close(a, (rows @ W1 + b1) @ W2 + b2, atol=1e-4),
                "the hidden layer has no relu: H = relu(X @ W1 + b1)", "隐藏层少了 relu：H = relu(X @ W1 + b1)"),
        Mistake(lambda a: close(a, torch.softmax(relu(rows @ W1 + b1) @ W2 + b2, 1), atol=1e-4),
                "return the logits H @ W2 + b2, no softmax: nn.CrossEntropyLoss applies it",
                "返回 logits H @ W2 + b2，不要 softmax：nn.CrossEntropyLoss 会处理"),
        Mistake(lambda a: close(a, relu(relu(rows @ W1 + b1) @ W2 + b2), atol=1e-4),
                "return the logits H @ W2 + b2 without a relu: the output layer has no activation",
                "返回不经过 relu 的 logits H @ W2 + b2：输出层没有激活函数"),
        Mistake(lambda a: close(a, (relu(rows @ W1) + b1) @ W2 + b2, atol=1e-4),
                "add b1 before the relu, H = relu(X @ W1 + b1): it was added after",
                "b1 要在 relu 之前加：H = relu(X @ W1 + b1)；这里加在了 relu 之后"),
        Mistake(lambda a: close(a, relu(rows @ W1) @ W2 + b2, atol=1e-4),
                "add the bias b1 in the hidden layer, H = relu(X @ W1 + b1): it is missing",
                "隐藏层要加上偏置 b1：H = relu(X @ W1 + b1)；这里漏了"),
        Mistake(lambda a: close(a, relu(rows @ W1 + b1) @ W2, atol=1e-4),
                "add the bias b2 to the output, H @ W2 + b2: it is missing",
                "输出要加上偏置 b2：H @ W2 + b2；这里漏了"),
    ])
    out.sum().backward()
    expect(all(p.grad is not None for p in params), "backward through net did not reach every parameter",
           "经过 net 的反向传播没有到达所有参数")


@exercise("mlp_net")
@pytest.mark.timeout(120)
@pytest.mark.real_devices
def test_net_trains_on_fashion_mnist(impl, ref, device, fashion_mnist):
    torch.manual_seed(training_seed())  # the init and the shuffling: the same run every time
    params = [p.to(device).detach().requires_grad_() for p in ref.init_params()]
    X = fashion_mnist[0][:2].to(device)
    call(f"net(X {fmt_shape(X.shape)}, params)", impl.net, X, params, mistakes=_net_errors(X))  # named, not bare
    acc = train_and_evaluate(fashion_mnist, device, lambda X: impl.net(X, params),
                             lambda lr, n: ref.sgd(params, lr, n))
    expect(clears(acc, TARGET),
           f"after {len(LRS)} epochs of SGD (batch {BATCH}, lr {LRS}) net reaches {acc:.3f} test accuracy; a correct "
           f"MLP reaches {TARGET} here",
           f"用 SGD 训练 {len(LRS)} 轮（批量 {BATCH}，学习率 {LRS}）后 net 的测试准确率为 {acc:.3f}；"
           f"正确的多层感知机在这里能达到 {TARGET}")


# --- sgd -------------------------------------------------------------------------------------


def _sgd_mistakes(i, old, g, lr, batch_size, zeroed, first_moved):
    """What makes params[i] differ from old - lr * g / batch_size after sgd."""
    unchanged = lambda a: torch.equal(a, old)  # noqa: E731
    return [
        Mistake(lambda a: unchanged(a) and zeroed,
                "zero the gradient after the update, not before: the step used a gradient that was already zero",
                "要在更新之后清零梯度，而不是之前：更新时用的梯度已经是零"),
        Mistake(lambda a: unchanged(a) and i > 0 and first_moved,
                "update every parameter: only params[0] changed (a return or break inside the for loop?)",
                "要更新每个参数：只有 params[0] 变了（for 循环里有 return 或 break？）"),
        Mistake(unchanged,
                "update in place with `param -= ...`: the caller's tensor is unchanged, as `param = param - ...` "
                "only rebinds a local name",
                "请用 `param -= ...` 原地更新：调用者的张量没变，`param = param - ...` 只是重新绑定了局部变量"),
        Mistake(lambda a: close(a, old - lr * g), "divide the gradient by batch_size", "梯度要除以 batch_size"),
        Mistake(lambda a: close(a, old - lr * g * batch_size),
                "divide the gradient by batch_size, don't multiply", "梯度要除以 batch_size，而不是乘"),
        Mistake(lambda a: close(a, old + lr * g / batch_size),
                "subtract the step, param -= ...: adding it climbs the loss",
                "要减去这一步：param -= ...；加上它会让损失变大"),
    ]


@exercise("mlp_sgd")
def test_sgd_updates_in_place(impl, device):
    params = [torch.randn(random.randint(1, 6), random.randint(1, 5), device=device, requires_grad=True)
              for _ in range(random.randint(2, 4))]
    for p in params:  # gradients of size 0.5 to 1.5 and steps of at least 0.005: every missed step shows
        p.grad = (torch.rand_like(p) + 0.5) * (torch.randint(0, 2, p.shape, device=device) * 2 - 1)
    lr, batch_size = random.uniform(0.1, 0.5), random.randint(2, 10)
    before = [(p.detach().clone(), p.grad.clone(), p.data_ptr()) for p in params]
    call(f"sgd(params, {lr:.3g}, {batch_size})", impl.sgd, params, lr, batch_size, mistakes=[
        Mistake(inplace_on_leaf,
                "wrap the update in `with torch.no_grad():`: sgd changed a parameter in place while autograd was "
                "recording",
                "把更新放进 `with torch.no_grad():`：sgd 在自动求导记录时原地修改了参数"),
        Mistake(raised(AttributeError, "'NoneType' object has no attribute"),
                "update each parameter in place, param -= lr * param.grad / batch_size: `param = param - ...` "
                "rebinds a local name to a new tensor, which has no .grad",
                "请原地更新每个参数：param -= lr * param.grad / batch_size；`param = param - ...` 只是把局部变量"
                "绑定到一个没有 .grad 的新张量"),
    ])
    first_moved = not torch.equal(params[0].detach(), before[0][0])
    for i, (p, (old, g, ptr)) in enumerate(zip(params, before, strict=True)):
        zeroed = p.grad is None or not p.grad.any()
        expect_tensor(p.detach(), old - lr * g / batch_size, f"params[{i}] after sgd(params, {lr:.3g}, {batch_size})",
                      mistakes=_sgd_mistakes(i, old, g, lr, batch_size, zeroed, first_moved))
        expect(p.data_ptr() == ptr, f"params[{i}] got new memory: update it in place (param -= ...)",
               f"params[{i}] 换了一块内存：请原地更新（param -= ...）")
        if not zeroed and params[-1].grad is not None and not params[-1].grad.any():
            fail(f"zero every parameter's gradient inside the for loop: params[{i}].grad was not zeroed, only the "
                 "last one (is param.grad.zero_() indented outside the loop?)",
                 f"要在 for 循环里把每个参数的梯度清零：params[{i}].grad 没有清零，只有最后一个清零了"
                 "（param.grad.zero_() 是不是缩进到了循环外？）")
        expect(zeroed, f"zero the gradient after the update, param.grad.zero_(): params[{i}].grad was not zeroed",
               f"更新后要清零梯度 param.grad.zero_()：params[{i}].grad 没有清零")
