"""Graded tests for d2l 9.7, seq2seq: the GRU encoder and decoder, masks, the masked loss, teacher-forced
training, greedy prediction and BLEU."""

import collections
import copy
import math
import random

import pytest
import torch
from torch import nn

from katas.checks import Mistake, close, expect, expect_number, expect_tensor, fail, fmt_shape
from katas.fixtures import reference
from katas.netcheck import copy_params
from katas.testkit import D2L, FakeAnimator, build, converged, training_seed

exercise = pytest.mark.exercise


def _sizes():
    """vocab_size, embed_size, num_hiddens, batch_size, num_steps: all different, so a swapped axis shows."""
    return random.sample(range(3, 13), 5)


def _expect_module(net, name, cls, args, what):
    __tracebackhide__ = True
    m = getattr(net, name, None)
    expect(isinstance(m, cls), f"{what}.{name} is {type(m).__name__}, expected {cls.__name__}{args}",
           f"{what}.{name} 是 {type(m).__name__}，应为 {cls.__name__}{args}")


# --- Seq2SeqEncoder ------------------------------------------------------------------------------


@exercise("Seq2SeqEncoder")
def test_seq2seq_encoder(impl, ref, device):
    v, e, h, b, t = _sizes()
    layers = 2
    what = f"Seq2SeqEncoder({v}, {e}, {h}, {layers})"
    net = build(impl.Seq2SeqEncoder, v, e, h, layers)
    _expect_module(net, "embedding", nn.Embedding, f"({v}, {e})", what)
    _expect_module(net, "rnn", nn.GRU, f"({e}, {h}, {layers})", what)
    expect((net.embedding.num_embeddings, net.embedding.embedding_dim) == (v, e) and
           (net.rnn.input_size, net.rnn.hidden_size, net.rnn.num_layers) == (e, h, layers),
           f"{what} has {net.embedding} and {net.rnn}: nn.Embedding(vocab_size, embed_size) and nn.GRU(embed_size, "
           "num_hiddens, num_layers, dropout=dropout)", f"{what} 的层为 {net.embedding} 和 {net.rnn}："
           "应为 nn.Embedding(vocab_size, embed_size) 和 nn.GRU(embed_size, num_hiddens, num_layers, dropout=dropout)")
    want_net = ref.Seq2SeqEncoder(v, e, h, layers)
    copy_params(net, want_net)
    net, want_net = net.to(device), want_net.to(device)
    X = torch.randint(0, v, (b, t), device=device)
    out = net(X)
    expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {type(out).__name__}: return (output, state)",
           f"{what} 返回了 {type(out).__name__}：应返回 (output, state)")
    output, state = out
    want_output, want_state = want_net(X)
    if torch.is_tensor(output) and tuple(output.shape) == (b, t, h):
        fail(f"{what} on X {fmt_shape(X.shape)} (batch_size, num_steps) returned outputs {fmt_shape(output.shape)}: "
             "nn.GRU reads time first; permute the embeddings to (num_steps, batch_size, embed_size), "
             "X.permute(1, 0, 2), before the GRU", f"{what} 的输出形状为 {fmt_shape(output.shape)}：nn.GRU 要求时间步"
             "在前；进入 GRU 之前先 X.permute(1, 0, 2)，变成 (num_steps, batch_size, embed_size)")
    expect_tensor(output, want_output, f"the output of {what} on X {fmt_shape(X.shape)}", atol=1e-5)
    expect_tensor(state, want_state, f"the state of {what} on X {fmt_shape(X.shape)}", atol=1e-5)


# --- Seq2SeqDecoder ------------------------------------------------------------------------------


def _decode(dec, X, hidden, context):
    """d2l's decoder run with a given context (the reference's layers): (output, hidden)."""
    emb = dec.embedding(X).permute(1, 0, 2)
    out, hidden = dec.rnn(torch.cat((emb, context.repeat(emb.shape[0], 1, 1)), 2), hidden)
    return dec.dense(out).permute(1, 0, 2), hidden


@exercise("Seq2SeqDecoder")
def test_seq2seq_decoder(impl, ref, device):
    v, e, h, b, t = _sizes()
    layers = 2  # the top layer's state differs from the first's: a context from the wrong layer shows
    what = f"Seq2SeqDecoder({v}, {e}, {h}, {layers})"
    net = build(impl.Seq2SeqDecoder, v, e, h, layers)
    _expect_module(net, "embedding", nn.Embedding, f"({v}, {e})", what)
    _expect_module(net, "rnn", nn.GRU, f"({e} + {h}, {h}, {layers})", what)
    _expect_module(net, "dense", nn.Linear, f"({h}, {v})", what)
    if net.rnn.input_size == e:
        fail(f"{what}.rnn reads {e} features, the embedding alone: the context is concatenated to every input step, "
             "so the GRU reads embed_size + num_hiddens, nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, "
             "dropout=dropout)", f"{what}.rnn 的输入只有 {e} 个特征（只有嵌入）：上下文要拼接到每一步的输入上，"
             "所以 GRU 的输入是 embed_size + num_hiddens")
    want_net = ref.Seq2SeqDecoder(v, e, h, layers)
    expect([p.shape for p in net.parameters()] == [p.shape for p in want_net.parameters()],
           f"{what} has the layers {net.embedding}, {net.rnn}, {net.dense}, expected {want_net.embedding}, "
           f"{want_net.rnn}, {want_net.dense}", f"{what} 的层为 {net.embedding}、{net.rnn}、{net.dense}，应为 "
           f"{want_net.embedding}、{want_net.rnn}、{want_net.dense}")
    copy_params(net, want_net)
    net, want_net = net.to(device), want_net.to(device)
    encoder = ref.Seq2SeqEncoder(random.randint(3, 9), e, h, layers).to(device)
    with torch.no_grad():
        enc_outputs = encoder(torch.randint(0, encoder.embedding.num_embeddings, (b, t + 1), device=device))
        enc_state = enc_outputs[1]
        X = torch.randint(0, v, (b, t), device=device)
        valid_len = torch.randint(1, t + 2, (b,), device=device)
        state = net.init_state(enc_outputs, valid_len)
        out = net(X, state)
        want, _ = want_net(X, want_net.init_state(enc_outputs, valid_len))
        every_step = _decode(want_net, X, enc_state, enc_state[0])[0]
        expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {type(out).__name__}: return (output, "
               "state)", f"{what} 返回了 {type(out).__name__}：应返回 (output, state)")
        output = out[0]
        if torch.is_tensor(output) and tuple(output.shape) == (t, b, v):
            fail(f"{what} returned outputs {fmt_shape(output.shape)}: permute the dense layer's output back to "
                 "(batch_size, num_steps, vocab_size), .permute(1, 0, 2), as the loss and predict_seq2seq expect",
                 f"{what} 的输出形状为 {fmt_shape(output.shape)}：要把全连接层的输出换回 (batch_size, num_steps, "
                 "vocab_size)，.permute(1, 0, 2)")
        expect_tensor(output, want, f"the output of {what} on X {fmt_shape(X.shape)} after init_state", atol=1e-5,
                      mistakes=[Mistake(lambda a: close(a, every_step, atol=1e-5),
                                        "the context is the encoder's state of its top layer, enc_state[-1]: "
                                        "enc_state[0] is the first layer's",
                                        "上下文是编码器最后一层的隐状态 enc_state[-1]：enc_state[0] 是第一层的")])
        # one token at a time, as predict_seq2seq runs it: the same outputs as all steps at once
        state = net.init_state(enc_outputs, valid_len)
        steps = []
        for k in range(t):
            y, state = net(X[:, k : k + 1], state)
            steps.append(y)
        stepped = torch.cat(steps, 1)
        hidden, recomputed = enc_state, []
        for k in range(t):  # the book's 0.17.6 decoder: the context is state[-1], the decoder's own from step 2 on
            y, hidden = _decode(want_net, X[:, k : k + 1], hidden, hidden[-1])
            recomputed.append(y)
        expect_tensor(stepped, want, f"the outputs of {what} fed one token at a time (as predict_seq2seq does), each "
                      "call given the state the last one returned", atol=1e-5, mistakes=[
            Mistake(lambda a: close(a, torch.cat(recomputed, 1), atol=1e-5),
                    "from the second call on, the context was the decoder's own last state: the book's forward takes "
                    "state[-1] as the context, which is the encoder's only on the first call (d2l-en#2134). Carry the "
                    "encoder's context in the state: init_state returns (enc_state, enc_state[-1]), and forward "
                    "returns (output, (new hidden, the same context))",
                    "从第二次调用起，上下文变成了解码器自己的隐状态：书中的 forward 用 state[-1] 作上下文，只有第一次"
                    "调用时它才是编码器的（d2l-en#2134）。把编码器的上下文放进状态里：init_state 返回 "
                    "(enc_state, enc_state[-1])，forward 返回 (output, (新的 hidden, 同一个 context))")])


# --- sequence_mask -------------------------------------------------------------------------------


@exercise("sequence_mask")
@pytest.mark.parametrize("dims", [2, 3])
def test_sequence_mask(impl, ref, device, dims):
    b, t, d = random.sample(range(3, 9), 3)
    X = torch.randn((b, t, d)[:dims], device=device)
    valid_len = torch.tensor([0, t] + [random.randint(1, t - 1) for _ in range(b - 2)], device=device)
    # never 0, d2l's default: a mask that ignores value and writes 0 would pass (seed 606)
    value = random.choice([-1e6, random.choice([-1, 1]) * random.uniform(0.5, 5)])
    given = X.clone()
    got = impl.sequence_mask(given, valid_len.clone(), value)  # the reference's below read the test's own
    want = ref.sequence_mask(X.clone(), valid_len, value)
    what = f"sequence_mask(X {fmt_shape(X.shape)}, valid_len={valid_len.tolist()}, value={value:.3g})"
    le = ref.sequence_mask(X.clone(), valid_len + 1, value)
    expect_tensor(got, want, what, mistakes=[
        Mistake(lambda a: close(a, le), "position valid_len must be masked too: keep j < valid_len (a mask built with "
                "<= keeps one padding position)",
                "位置 valid_len 也要遮蔽：保留 j < valid_len（用 <= 会多保留一个填充位置）"),
        Mistake(lambda a: close(a, X), "nothing was masked: set X[~mask] = value, where mask is True for the positions "
                "kept", "什么都没有遮蔽：X[~mask] = value，mask 对保留的位置为 True"),
    ])
    default = impl.sequence_mask(X.clone(), valid_len.clone())
    expect_tensor(default, ref.sequence_mask(X.clone(), valid_len), what.replace(f", value={value:.3g}", ""),
                  mistakes=[Mistake(lambda a: True, "value defaults to 0, as in d2l: def sequence_mask(X, valid_len, "
                                    "value=0)", "value 的默认值为 0，与 d2l 相同："
                                    "def sequence_mask(X, valid_len, value=0)")])


# --- MaskedSoftmaxCELoss -------------------------------------------------------------------------


@exercise("MaskedSoftmaxCELoss")
def test_masked_softmax_ce_loss(impl, ref, device):
    v, _, _, b, t = _sizes()
    pred = torch.randn(b, t, v, device=device, requires_grad=True)
    label = torch.randint(0, v, (b, t), device=device)
    valid_len = torch.tensor([t] + [random.randint(1, t - 1) for _ in range(b - 1)], device=device)
    what = f"MaskedSoftmaxCELoss()(pred {fmt_shape(pred.shape)}, label {fmt_shape(label.shape)}, valid_len " \
           f"{valid_len.tolist()})"
    loss = build(impl.MaskedSoftmaxCELoss)
    try:
        got = loss(pred, label, valid_len)
    except (RuntimeError, ValueError) as e:
        if "size" in str(e) or "shape" in str(e):
            fail(f"{what} failed ({e}): nn.CrossEntropyLoss wants the classes on dim 1: pass pred.permute(0, 2, 1), "
                 "(batch_size, vocab_size, num_steps)", f"{what} 出错：nn.CrossEntropyLoss 要求类别在第 1 维："
                 "传入 pred.permute(0, 2, 1)，即 (batch_size, vocab_size, num_steps)")
        raise
    want = ref.MaskedSoftmaxCELoss()(pred, label, valid_len)
    each = nn.CrossEntropyLoss(reduction="none")(pred.permute(0, 2, 1), label)
    mask = (torch.arange(t, device=device)[None, :] < valid_len[:, None]).float()
    if torch.is_tensor(got) and got.dim() == 0:
        fail(f"{what} returned one number: return each sequence's loss, shape ({b},): set self.reduction = 'none' "
             "and sum over the steps, (unweighted_loss * weights).sum(dim=1)",
             f"{what} 只返回了一个数：应返回每个序列的"
             f"损失，形状 ({b},)：self.reduction = 'none'，再对时间步求和 (unweighted_loss * weights).sum(dim=1)")
    expect_tensor(got, want, what, atol=1e-5, mistakes=[
        Mistake(lambda a: close(a, (each * mask).mean(dim=1), atol=1e-5),
                "that is the book's .mean(dim=1): it divides by num_steps, padding included, so a short sentence "
                "weighs less and train_seq2seq's loss per token comes out num_steps times too small (d2l-en#2076); "
                "sum over the steps, (unweighted_loss * weights).sum(dim=1)",
                "这是书中的 .mean(dim=1)：它除以 num_steps（包括填充），短句权重变小，train_seq2seq 的每词元损失也小了 "
                "num_steps 倍（d2l-en#2076）；应对时间步求和 (unweighted_loss * weights).sum(dim=1)"),
        Mistake(lambda a: close(a, each.sum(dim=1), atol=1e-5) or close(a, each.mean(dim=1), atol=1e-5),
                "the padding counted: weight each step's loss by sequence_mask(torch.ones_like(label), valid_len), "
                "so the positions at or after valid_len add nothing",
                "填充位置被算进去了：用 sequence_mask(torch.ones_like(label), valid_len) 给每步的损失加权，"
                "valid_len 及之后的位置不计"),
        Mistake(lambda a: close(a, (each * mask).sum(dim=1) / valid_len, atol=1e-5),
                "each sequence's loss was divided by its valid length: return the sum, train_seq2seq divides the "
                "epoch's total by the number of tokens", "每个序列的损失除以了它的有效长度：应返回总和，"
                "train_seq2seq 会用整轮的总和除以词元数"),
    ])
    grad, = torch.autograd.grad(got.sum(), pred)
    want_grad, = torch.autograd.grad(want.sum(), pred)
    expect_tensor(grad, want_grad, f"the gradient of {what}.sum() with respect to pred", atol=1e-5)


# --- train_seq2seq -------------------------------------------------------------------------------


class _Vocab:
    def __init__(self, v):
        self.bos = random.randint(1, v - 1)

    def __getitem__(self, token):
        if token != "<bos>":
            fail(f"train_seq2seq looked up {token!r} in tgt_vocab: the loop needs only tgt_vocab['<bos>'], the "
                 "decoder's first input (bos = torch.tensor([tgt_vocab['<bos>']] * Y.shape[0], device=device))",
                 f"train_seq2seq 在 tgt_vocab 中查了 {token!r}：循环只需要 tgt_vocab['<bos>']，即解码器的第一个输入")
        return self.bos

    def __len__(self):
        return 99


def _net(v_src, v_tgt, e, h):
    return reference("ch9_6_encoder_decoder.py").EncoderDecoder(
        reference("ch9_7_seq2seq.py").Seq2SeqEncoder(v_src, e, h, 1),
        reference("ch9_7_seq2seq.py").Seq2SeqDecoder(v_tgt, e, h, 1))


def _batches(v_src, v_tgt, b, t, n):
    out = []
    for _ in range(n):
        X_len, Y_len = torch.randint(1, t + 1, (b,)), torch.randint(1, t + 1, (b,))
        X = torch.where(torch.arange(t)[None, :] < X_len[:, None], torch.randint(3, v_src, (b, t)), 1)
        Y = torch.where(torch.arange(t)[None, :] < Y_len[:, None], torch.randint(3, v_tgt, (b, t)), 1)
        out.append((X, X_len, Y, Y_len))
    return out


def _train_ref(net, batches, lr, epochs, bos, device, ref, *, shift=True, init=True, clip=True):
    """d2l's train_seq2seq with switches for the classic mistakes: the parameters after it."""
    if init:
        net.apply(ref.xavier_init_weights)
    net.to(device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loss = ref.MaskedSoftmaxCELoss()
    for _ in range(epochs):
        for batch in batches:
            opt.zero_grad()
            X, X_len, Y, Y_len = [x.to(device) for x in batch]
            start = torch.full((Y.shape[0], 1), bos, device=device)
            dec_input = torch.cat([start, Y[:, :-1]], 1) if shift else Y
            Y_hat, _ = net(X, dec_input, X_len)
            loss(Y_hat, Y, Y_len).sum().backward()
            if clip:
                reference("ch8_5_rnn_scratch.py").grad_clipping(net, 1)
            opt.step()
    return torch.cat([p.detach().reshape(-1) for p in net.parameters()])


@exercise("train_seq2seq")
def test_train_seq2seq(impl, ref, device, monkeypatch, capsys):
    v_src, v_tgt, e, h, b = random.sample(range(5, 13), 5)
    t, lr = random.randint(4, 6), random.uniform(0.005, 0.02)
    # The slips of the loop show on the CPU; on other devices one batch shows a tensor left behind (simgpu's ops
    # cost several times the CPU's: 2 epochs of 3 batches there were most of chapter 9's CPU time).
    on_cpu = torch.device(device).type == "cpu"
    epochs, batches = (2, _batches(v_src, v_tgt, b, t, 3)) if on_cpu else (1, _batches(v_src, v_tgt, b, t, 1))
    vocab = _Vocab(v_tgt)
    seed = random.randint(0, 2**31)

    def fresh():
        torch.manual_seed(seed)  # the same start, xavier_init_weights' draws included
        return _net(v_src, v_tgt, e, h)

    monkeypatch.setattr(impl._module, "d2l", D2L(ref.d2l, Animator=FakeAnimator))
    monkeypatch.setattr(ref, "d2l", D2L(ref.d2l, Animator=FakeAnimator))
    net = fresh()
    what = f"train_seq2seq ({epochs} epochs of {len(batches)} batches, lr {lr:.3g})"
    given = copy.deepcopy((batches, vocab))  # learner code gets its own: the reference's run below reads the test's
    try:
        history = impl.train_seq2seq(net, *given[:1], lr, epochs, given[1], device)
    except (RuntimeError, ValueError) as e:
        if isinstance(e, NotImplementedError):
            raise
        if "size" in str(e) and "device" not in str(e):
            fail(f"{what} failed ({e}): the decoder's input must have as many steps as Y: <bos> and then Y without "
                 "its last token, torch.cat([bos, Y[:, :-1]], 1)", f"{what} 出错：解码器输入的步数要和 Y 相同："
                 "<bos> 加上去掉最后一个词元的 Y，torch.cat([bos, Y[:, :-1]], 1)")
        if "device" not in str(e):
            raise
        fail(f"{what} failed on {device} ({e}): make every new tensor on device, the <bos> column too, "
             "torch.tensor([tgt_vocab['<bos>']] * Y.shape[0], device=device).reshape(-1, 1), and move each batch "
             "there, [x.to(device) for x in batch]",
             f"{what} 在 {device} 上出错：新张量都要建在 device 上，<bos> 那一列"
             "也是，torch.tensor([tgt_vocab['<bos>']] * Y.shape[0], device=device).reshape(-1, 1)；每个批量也要移过去")
    got = torch.cat([p.detach().reshape(-1) for p in net.parameters()])

    def variant(**switch):
        torch.manual_seed(seed)
        other = _net(v_src, v_tgt, e, h)
        return _train_ref(other, batches, lr, epochs, vocab.bos, device, ref, **switch)

    want_net = fresh()
    want = ref.train_seq2seq(want_net, batches, lr, epochs, vocab, device)
    expect_tensor(got, torch.cat([p.detach().reshape(-1) for p in want_net.parameters()]),
                  f"the parameters after {what}", atol=1e-4, mistakes=[
        Mistake(lambda a: close(a, variant(shift=False), atol=1e-4),
                "the decoder was fed the target itself: with teacher forcing it reads <bos> and then the target "
                "shifted right, dec_input = torch.cat([bos, Y[:, :-1]], 1), so that step k predicts Y[:, k] from the "
                "tokens before it (fed Y, it learns to copy its input)",
                "解码器的输入就是目标本身：教师强制时输入是 <bos> 加右移一位的目标，dec_input = torch.cat([bos, "
                "Y[:, :-1]], 1)，第 k 步由之前的词元预测 Y[:, k]（直接喂 Y，它只学会复制输入）"),
        Mistake(lambda a: close(a, variant(init=False), atol=1e-4),
                "the weights kept PyTorch's default initialisation: begin with net.apply(xavier_init_weights)",
                "权重保留了 PyTorch 的默认初始化：开始时要 net.apply(xavier_init_weights)"),
        Mistake(lambda a: close(a, variant(clip=False), atol=1e-4),
                "the gradients were not clipped: d2l.grad_clipping(net, 1) between backward and optimizer.step()",
                "梯度没有裁剪：在 backward 和 optimizer.step() 之间调用 d2l.grad_clipping(net, 1)"),
    ])
    expect(isinstance(history, list) and len(history) == epochs, f"{what} returned {history!r:.80}: return the loss "
           f"per token of each epoch, a list of {epochs}", f"{what} 返回了 {history!r:.80}：应返回每轮的每词元损失列表"
           f"（{epochs} 个）")
    tokens = sum(int(batch[3].sum()) for batch in batches)
    sentences = sum(len(batch[3]) for batch in batches)
    expect_number(history[-1], want[-1], f"the last epoch's loss per token from {what}", rtol=1e-4, mistakes=[
        Mistake(lambda a: abs(float(a) * tokens - want[-1] * tokens * tokens) < 1e-3 * want[-1] * tokens * tokens or
                abs(float(a) - want[-1] * tokens) < 1e-3 * want[-1] * tokens,
                f"divide the epoch's summed loss by the number of target tokens, the sum of Y_valid_len ({tokens})",
                f"整轮的损失总和要除以目标词元数，即 Y_valid_len 之和（{tokens}）"),
        Mistake(lambda a: abs(float(a) - want[-1] * tokens / sentences) < 1e-3 * want[-1] * tokens / sentences,
                f"that is the loss per sentence: divide the epoch's summed loss by the number of target tokens, the "
                f"sum of Y_valid_len ({tokens}), not by the number of sentences ({sentences})",
                f"这是每个句子的损失：整轮的损失总和要除以目标词元数，即 Y_valid_len 之和（{tokens}），而不是句子数"
                f"（{sentences}）"),
    ])
    capsys.readouterr()


# Convergence on fra-eng, CPU: the first 120 pairs (d2l's load_data_nmt, 8 steps; vocabularies of 45 and 47
# tokens), a one-layer encoder and decoder of 32 units, batch 24, Adam at lr 0.01, 8 epochs (0.35-0.8 CPU-s;
# d2l's 600 pairs and 300 epochs take minutes). Over training seeds 0-39 the loss per token ends at 1.08-1.30
# (median 1.19) from 3.2 after the first epoch; over seeds 0-999 of the sweep (benchmarks/seed_sweep_ch9.txt:
# 0 failures) it ends at 1.35 at worst (median 1.19), the margin under the bar 0.249 at least, 0.285 at the 1st
# percentile, 0.411 at the median.
# A loop that never steps stays near 3; the slips that still learn are named by test_train_seq2seq.
CONVERGENCE = dict(pairs=120, steps=8, embed=32, hiddens=32, batch=24, lr=0.01, epochs=8, bar=1.6)


@exercise("train_seq2seq")
@pytest.mark.timeout(60)
def test_train_seq2seq_converges(impl, ref, fra_eng, monkeypatch, capsys):
    c = CONVERGENCE
    seed = training_seed()
    random.seed(seed)
    torch.manual_seed(seed)
    mt = reference("ch9_5_machine_translation.py")
    head = "\n".join(fra_eng.split("\n", c["pairs"] + 1)[: c["pairs"] + 1])
    monkeypatch.setattr(mt, "read_data_nmt", lambda: head)
    train_iter, src_vocab, tgt_vocab = mt.load_data_nmt(c["batch"], c["steps"], c["pairs"])
    net = reference("ch9_6_encoder_decoder.py").EncoderDecoder(
        ref.Seq2SeqEncoder(len(src_vocab), c["embed"], c["hiddens"], 1),
        ref.Seq2SeqDecoder(len(tgt_vocab), c["embed"], c["hiddens"], 1))
    monkeypatch.setattr(impl._module, "d2l", D2L(ref.d2l, Animator=FakeAnimator))
    history = impl.train_seq2seq(net, train_iter, c["lr"], c["epochs"], tgt_vocab, "cpu")
    capsys.readouterr()
    converged(float(history[-1]), c["bar"], f"train_seq2seq (the first {c['pairs']} pairs of fra-eng, "
              f"{c['epochs']} epochs): the loss per token of the last epoch", lower_is_better=True)


# --- predict_seq2seq -----------------------------------------------------------------------------


class _Counter(nn.Module):
    """An encoder-decoder whose next token depends on the tokens read so far and the source's valid length:
    every slip in feeding it (no <bos>, the state not carried, padding counted) changes the translation."""

    katas_lends = ("encoder", "decoder")  # in instructor mode: what d2l's EncoderDecoder offers, across processes

    def __init__(self, v, eos, stop_at):
        super().__init__()
        self.v, self.eos, self.stop_at = v, eos, stop_at
        self.encoder, self.decoder = _Part(self, "encoder"), _Part(self, "decoder")
        self.log = []


class _Part(nn.Module):
    katas_lends = ("init_state", "attention_weights")  # in instructor mode: a d2l decoder's, across processes

    def __init__(self, owner, role):
        super().__init__()
        self.role = role
        self.__dict__["owner"] = owner  # not a submodule: no cycle

    def forward(self, X, *args):
        o = self.owner
        o.log.append((self.role, self.training, X.device.type, tuple(X.shape)))
        if self.role == "encoder":
            return X, args[0] if args else None
        count, total = args[0]
        n = count + 1
        token = o.eos if n == o.stop_at else 3 + (total + int(X.reshape(-1)[0]) + n) % (o.v - 3)
        self.attention_weights = torch.full((1, 1, 1), float(n))
        return torch.nn.functional.one_hot(torch.tensor([[token]], device=X.device), o.v).float(), (n, total)

    def init_state(self, enc_outputs, *args):
        X, valid_len = enc_outputs
        return 0, int(X.sum()) + 7 * int(valid_len.sum())


def _vocabs():
    Vocab = reference("ch8_2_text_preprocessing.py").Vocab
    words = ["go", "away", "i", "lost", "he", "is", "calm", "."]
    fr = ["va", "je", "suis", "perdu", "il", "est", "calme", "!", "."]
    reserved = ["<pad>", "<bos>", "<eos>"]
    return Vocab([words], reserved_tokens=reserved), Vocab([fr], reserved_tokens=reserved)


def _predict(net, sentence, src_vocab, tgt_vocab, num_steps, device, carry=True, pad_len=False):
    """d2l's predict_seq2seq with switches for two classic slips: the translation."""
    src = src_vocab[sentence.lower().split(" ")] + [src_vocab["<eos>"]]
    padded = src[:num_steps] + [src_vocab["<pad>"]] * (num_steps - len(src))
    valid_len = torch.tensor([len(padded if pad_len else src)], device=device)
    enc_X = torch.tensor([padded], device=device)
    state = start = net.decoder.init_state(net.encoder(enc_X, valid_len), valid_len)
    dec_X, out = torch.tensor([[tgt_vocab["<bos>"]]], device=device), []
    for _ in range(num_steps):
        Y, state = net.decoder(dec_X, state if carry else start)
        dec_X = Y.argmax(dim=2)
        if int(dec_X) == tgt_vocab["<eos>"]:
            break
        out.append(int(dec_X))
    return " ".join(tgt_vocab.to_tokens(out))


def _short(w):
    return repr(w.tolist() if torch.is_tensor(w) else w)[:60]


@exercise("predict_seq2seq")
@pytest.mark.parametrize("stop", ["eos", "num_steps"])
def test_predict_seq2seq(impl, ref, device, stop, monkeypatch):
    src_vocab, tgt_vocab = _vocabs()
    num_steps = random.randint(6, 9)
    sentence = " ".join(random.choices(src_vocab.idx_to_token[4:], k=random.randint(2, num_steps - 3))).title()
    stop_at = random.randint(2, num_steps - 1) if stop == "eos" else num_steps + 5
    monkeypatch.setattr(impl._module, "d2l", ref.d2l)
    net = _Counter(len(tgt_vocab), tgt_vocab["<eos>"], stop_at).train()
    what = f"predict_seq2seq({sentence!r}, num_steps={num_steps})"
    want_net = _Counter(len(tgt_vocab), tgt_vocab["<eos>"], stop_at).train()  # before: the vocabularies are lent
    want = ref.predict_seq2seq(want_net, sentence, src_vocab, tgt_vocab, num_steps, device, True)
    out = impl.predict_seq2seq(net, sentence, src_vocab, tgt_vocab, num_steps, device, True)
    expect(isinstance(out, tuple) and len(out) == 2, f"{what} returned {type(out).__name__}: return (translation, "
           "attention_weight_seq)", f"{what} 返回了 {type(out).__name__}：应返回 (译文, attention_weight_seq)")
    got, weights = out
    expect(net.log and not net.log[0][1], f"{what} ran the net in training mode: call net.eval() first (dropout must "
           "be off when translating)", f"{what} 在训练模式下运行了网络：先调用 net.eval()（翻译时要关闭 dropout）")
    enc = [entry for entry in net.log if entry[0] == "encoder"]
    expect(enc and enc[0][3] == (1, num_steps), f"{what} gave the encoder X of shape {enc[0][3] if enc else None}, "
           f"expected (1, {num_steps}): the source's indices plus <eos>, truncate_pad to num_steps, as a batch of one",
           f"{what} 给编码器的 X 形状为 {enc[0][3] if enc else None}，应为 (1, {num_steps})")
    if got == want[0]:
        expect(len(weights) == len(want[1]), f"{what} kept {len(weights)} attention weights, expected "
               f"{len(want[1])}: with save_attention_weights, append net.decoder.attention_weights after every "
               "decoder call, the one that predicts <eos> too", f"{what} 保存了 {len(weights)} 个注意力权重，应为 "
               f"{len(want[1])}：每次调用解码器后都追加 net.decoder.attention_weights")
        for i, (w, w_want) in enumerate(zip(weights, want[1], strict=True)):
            try:
                same = torch.equal(torch.as_tensor(w).detach().cpu().double(), w_want.detach().cpu().double())
            except (TypeError, ValueError, RuntimeError, AttributeError):
                same = False
            expect(same, f"{what} kept {_short(w)} as the attention weights of step {i + 1}, expected "
                   f"{_short(w_want)}: append net.decoder.attention_weights, the weights the decoder just used, after "
                   "each decoder call (not a placeholder, nor the previous step's)",
                   f"{what} 在第 {i + 1} 步保存的注意力权重为 {_short(w)}，应为 {_short(w_want)}：每次调用解码器后追加 "
                   "net.decoder.attention_weights，即解码器刚刚用过的权重（不要用占位值，也不要用上一步的）")
        return
    expect(isinstance(got, str), f"{what} returned {type(got).__name__} as the translation: ' '.join(the tokens)",
           f"{what} 返回的译文是 {type(got).__name__}：应为 ' '.join(词元)")
    for switch, en, zh in (
        (dict(carry=False), "the decoder restarted from init_state's state at every step: carry its state on, "
         "Y, dec_state = net.decoder(dec_X, dec_state), so each step continues from the last",
         "解码器每一步都从 init_state 的状态重新开始：要沿用状态，Y, dec_state = net.decoder(dec_X, dec_state)"),
        (dict(pad_len=True), "the source's valid length counted the padding: take len(src_tokens) before "
         "truncate_pad, so the encoder (and chapter 10's attention) ignores the padding",
         "源序列的有效长度把填充也算进去了：要在 truncate_pad 之前取 len(src_tokens)"),
    ):
        if got == _predict(_Counter(len(tgt_vocab), tgt_vocab["<eos>"], stop_at), sentence, src_vocab, tgt_vocab,
                           num_steps, device, **switch):
            fail(f"{what} returned {got!r}, expected {want[0]!r}: {en}",
                 f"{what} 返回了 {got!r}，应为 {want[0]!r}：{zh}")
    if "<eos>" in got:
        fail(f"{what} returned {got!r}, expected {want[0]!r}: stop at <eos>, `if pred == tgt_vocab['<eos>']: break`, "
             "before appending it", f"{what} 返回了 {got!r}，应为 {want[0]!r}：遇到 <eos> 就停止，不要把它加进译文")
    if got.startswith(want[0]) and len(got.split(" ")) > len(want[0].split(" ")):
        fail(f"{what} returned {got!r}, expected {want[0]!r}: stop at <eos>", f"{what} 返回了 {got!r}，应为 "
             f"{want[0]!r}：遇到 <eos> 就停止")
    fail(f"{what} returned {got!r}, expected {want[0]!r}: the source is its lower-case words plus <eos>, with its "
         "valid length counted before padding; the decoder starts from <bos>, carries its state, and reads its own "
         "last prediction, Y.argmax(dim=2)", f"{what} 返回了 {got!r}，应为 {want[0]!r}：源序列是小写单词加 <eos>，"
         "有效长度在填充前计算；解码器从 <bos> 开始，沿用状态，并读取自己上一步的预测 Y.argmax(dim=2)")


# --- bleu ----------------------------------------------------------------------------------------


def _bleu_variant(pred_seq, label_seq, k, penalty=True, clip=True):
    pred, label = pred_seq.split(" "), label_seq.split(" ")
    score = math.exp(min(0, 1 - len(label) / len(pred))) if penalty else 1.0
    for n in range(1, k + 1):
        subs = collections.Counter(" ".join(label[i : i + n]) for i in range(len(label) - n + 1))
        grams = [" ".join(pred[i : i + n]) for i in range(len(pred) - n + 1)]
        matches = 0
        for g in grams:
            if subs[g] > 0:
                matches += 1
                if clip:
                    subs[g] -= 1
        score *= (matches / len(grams)) ** (0.5 ** n)
    return score


@exercise("bleu")
def test_bleu(impl, ref):
    words = ["il", "est", "calme", "je", "suis", "."]
    for _ in range(10_000):  # until both rules change the score (a case where one is silent misses its mistake)
        label = random.choices(words, k=random.randint(4, 7))
        pred = label[: random.randint(2, len(label) - 1)] + [label[0]] * 2  # short, repeated words: both rules act
        k = random.randint(1, 2)
        p, lab = " ".join(pred), " ".join(label)
        want = ref.bleu(p, lab, k)
        if want > 0 and abs(_bleu_variant(p, lab, k, penalty=False) - want) > 1e-3 and \
                abs(_bleu_variant(p, lab, k, clip=False) - want) > 1e-3:
            break
    what = f"bleu({p!r}, {lab!r}, k={k})"
    expect_number(impl.bleu(p, lab, k), want, what, rtol=1e-6, mistakes=[
        Mistake(lambda a: abs(float(a) - _bleu_variant(p, lab, k, penalty=False)) < 1e-9,
                "the brevity penalty is missing: start from math.exp(min(0, 1 - len_label / len_pred)), so a short "
                "prediction cannot score high by saying little", "缺少长度惩罚：从 math.exp(min(0, 1 - len_label / "
                "len_pred)) 开始，短的预测不能靠少说话得高分"),
        Mistake(lambda a: abs(float(a) - _bleu_variant(p, lab, k, clip=False)) < 1e-9,
                "the counts are not clipped: an n-gram of the label matches at most as often as it occurs there; "
                "count down, label_subs[ngram] -= 1, at each match", "匹配次数没有截断：标签里的 n-gram 最多匹配它出现"
                "的次数；每次匹配后 label_subs[ngram] -= 1"),
    ])
    expect_number(impl.bleu(lab, lab, 2), 1.0, f"bleu({lab!r}, the same, k=2)", rtol=1e-9)
    for k in (3, 4):  # longer n-grams too: every n from 1 to k counts, not just unigrams and bigrams
        for _ in range(10_000):
            label = random.choices(words, k=random.randint(k + 2, 9))
            cut = random.randint(k, len(label) - 1)
            pred = label[:cut] + random.choices(words, k=random.randint(0, 2))
            p, lab = " ".join(pred), " ".join(label)
            want = ref.bleu(p, lab, k)
            if want > 0 and all(abs(_bleu_variant(p, lab, m) - want) > 1e-3 for m in range(1, k)):
                break
        what = f"bleu({p!r}, {lab!r}, k={k})"
        expect_number(impl.bleu(p, lab, k), want, what, rtol=1e-6, mistakes=[
            Mistake(lambda a, m=m, p=p, lab=lab: abs(float(a) - _bleu_variant(p, lab, m)) < 1e-9,
                    f"n-grams longer than {m} are ignored: loop n over range(1, k + 1), every n-gram length up to k "
                    f"(here k = {k}) multiplies in p_n ** (1 / 2 ** n)",
                    f"忽略了长于 {m} 的 n-gram：n 应遍历 range(1, k + 1)，直到 k（此处 k = {k}）的每个长度都要乘上 "
                    "p_n ** (1 / 2 ** n)")
            for m in range(1, k)])
