"""Benchmark: d2l 0.17.6's own train_seq2seq against the reference's, training 10.7's Transformer on fra-eng.

Both sides train the same model (the reference's TransformerEncoder and TransformerDecoder: d2l's 32 hiddens,
2 blocks, 4 heads, FFN 64, dropout 0.1) from the same parameters on the same minibatches (d2l's load_data_nmt:
batch 64, 10 steps, the first 600 pairs, drawn once), Adam at d2l's lr 0.005, clipping at 1. Only the loop differs:
  d2l        train_seq2seq, MaskedSoftmaxCELoss, sequence_mask, grad_clipping, Accumulator and Timer read from
             d2l's own torch.py (--d2l, default /tmp/d2l/d2l/torch.py; nothing is vendored): float() of the
             loss and the token count per minibatch (Accumulator), `if norm > theta` per minibatch (grad_clipping),
             and the loss averaged over all steps, padding included (.mean(dim=1): its loss per token is
             num_steps times too small, d2l-en#2076, so it is shown here times num_steps)
  reference  solutions/ch9_7: the sums kept on the device until the epoch ends, clipping by min(1, theta / norm)
             on the device, the loss summed over valid tokens
The two losses differ by the constant num_steps, which scales d2l's gradients down: Adam is blind to the scale but
clipping at 1 is not (d2l's scaled gradient is clipped less often), so the two runs drift apart within float noise
and the last epoch's loss is compared within 10%, not equal.
Reported: tokens per second over all epochs (valid target tokens, as d2l counts them), the best of --repeat
interleaved runs, and the loss per token of the last epoch.

    python benchmarks/bench_transformer.py [--epochs 10] [--device cpu|cuda] [--repeat 3] [--threads N]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import math
import random
import re
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from katas import data  # noqa: E402
from katas.fixtures import reference  # noqa: E402
from katas.testkit import D2L, FakeAnimator  # noqa: E402

D2L_NAMES = ("Timer", "Accumulator", "grad_clipping", "sequence_mask", "MaskedSoftmaxCELoss", "train_seq2seq")
STEPS, BATCH, PAIRS, LR = 10, 64, 600, 0.005  # d2l 10.7's settings
HIDDENS, FFN, HEADS, LAYERS, DROPOUT = 32, 64, 4, 2, 0.1


def d2l_from(path: Path) -> SimpleNamespace:
    """d2l's own definitions of D2L_NAMES, executed from its torch.py (only these definitions are run, in a
    namespace where d2l is that namespace; the Animator draws nothing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body
              if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in D2L_NAMES]
    d2l = SimpleNamespace(concat=torch.cat, Animator=FakeAnimator)
    ns = {"torch": torch, "nn": nn, "np": np, "math": math, "time": time, "d2l": d2l}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(path), "exec"), ns)  # noqa: S102 (d2l's own code)
    for name in D2L_NAMES:
        setattr(d2l, name, ns[name])
    return d2l


def make_net(src: int, tgt: int, device):
    ed, r7 = reference("ch9_6_encoder_decoder.py"), reference("ch10_7_transformer.py")
    args = (HIDDENS, HIDDENS, HIDDENS, HIDDENS, [HIDDENS], HIDDENS, FFN, HEADS, LAYERS, DROPOUT)
    torch.manual_seed(0)  # the same parameters on both sides (each train_seq2seq then applies Xavier alike)
    return ed.EncoderDecoder(r7.TransformerEncoder(src, *args), r7.TransformerDecoder(tgt, *args)).to(device)


def run(train, make, batches, tgt_vocab, epochs, device):
    """(tokens per second over the whole run, the last epoch's loss per token) of one side's train_seq2seq."""
    net = make()
    torch.manual_seed(1)  # the same dropout draws to begin with
    out = io.StringIO()
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        history = train(net, batches, LR, epochs, tgt_vocab, device)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    tokens = epochs * sum(int(b[3].sum()) for b in batches)
    if history is None:  # d2l's returns nothing: its printed loss, times num_steps (see the docstring)
        history = [float(re.search(r"loss (\S+),", out.getvalue()).group(1)) * STEPS]
    return tokens / seconds, history[-1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--d2l", type=Path, default=Path("/tmp/d2l/d2l/torch.py"))
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each side, interleaved; the best is shown")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    d2l = d2l_from(args.d2l)
    mt, s2s = reference("ch9_5_machine_translation.py"), reference("ch9_7_seq2seq.py")
    mt.read_data_nmt = data.fra_eng_text
    s2s.d2l = D2L(s2s.d2l, Animator=FakeAnimator)
    random.seed(0)
    torch.manual_seed(0)
    train_iter, src_vocab, tgt_vocab = mt.load_data_nmt(BATCH, STEPS, PAIRS)
    batches = [tuple(x.to(device) for x in b) for b in train_iter]  # one fixed pass, on the device, for both
    sides = {"d2l": d2l.train_seq2seq, "reference": s2s.train_seq2seq}
    print(f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads, {len(batches)} minibatches "
          f"of {BATCH} x {STEPS} per epoch ({PAIRS} pairs), {args.epochs} epochs, Transformer {LAYERS} x {HIDDENS}")
    results = {label: [] for label in sides}
    for _ in range(args.repeat):  # interleaved: a busy machine slows both sides alike
        for label, train in sides.items():
            results[label].append(run(train, lambda: make_net(len(src_vocab), len(tgt_vocab), device), batches,
                                      tgt_vocab, args.epochs, device))
    (d_tps, d_loss), (r_tps, r_loss) = (max(results[label]) for label in sides)
    print(f"d2l {d_tps:9.0f} tokens/s  loss {d_loss:6.3f}   reference {r_tps:9.0f} tokens/s  loss {r_loss:6.3f}   "
          f"speed-up {r_tps / d_tps:4.2f}x   losses differ by {abs(r_loss - d_loss) / r_loss:.1%}")


if __name__ == "__main__":
    main()
