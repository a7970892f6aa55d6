"""Benchmark: d2l 0.17.6's own train_epoch_ch8 against the reference's, on the same data, model and start.

Both sides train d2l 8.5's scratch RNN, 9.1's scratch GRU and 9.2's scratch LSTM (and, with --concise, 8.6's
RNNModel around nn.RNN, nn.GRU and nn.LSTM) on the Time Machine (d2l's load_data_time_machine: batch 32, 35
steps, the first 10,000 characters, sequential partitioning: the state carried and detached), SGD at lr 1 with
clipping at 1, from the same parameters and the same minibatches. Only the code differs:
  d2l        train_epoch_ch8, grad_clipping, Accumulator, Timer and RNNModelScratch read from d2l's own
             torch.py (--d2l, default /tmp/d2l/d2l/torch.py; nothing is vendored), and the book's rnn, gru
             and lstm (8.5, 9.1, 9.2: loops that do every product at every step; gru and lstm are not in
             torch.py but in d2l-zh's chapter_recurrent-modern, so they are typed in below as the book
             prints them)
  reference  solutions/ch8_5: the loss summed on the device (no float() per minibatch), clipping by
             min(1, theta / norm) on the device (no `if norm > theta`), and an rnn that does the input
             and output products for all steps at once (only H @ W_hh stays in the loop); solutions/ch9_1's
             gru and ch9_2's lstm
Reported: tokens per second over all epochs after the first (the first warms up), the best of --repeat
interleaved runs, and the perplexity of the last epoch (the same up to float rounding: both sides
compute the same thing).

The parameters (get_params, get_lstm_params) and initial states are the reference's on both sides: the book's
code for them, with the same draws from the same seed.

    python benchmarks/bench_rnn.py [--epochs 6] [--hiddens 512] [--models rnn gru lstm] [--device cpu|cuda]
                                   [--concise] [--repeat 3] [--threads N]
"""

from __future__ import annotations

import argparse
import ast
import math
import random
import sys
import time
import warnings
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn
from torch.nn import functional as F

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from katas.fixtures import reference  # noqa: E402

D2L_NAMES = ("Timer", "Accumulator", "sgd", "grad_clipping", "train_epoch_ch8", "RNNModelScratch", "RNNModel")


def d2l_from(path: Path) -> SimpleNamespace:
    """d2l's own definitions of D2L_NAMES, executed from its torch.py (the file imports IPython, pandas,
    requests...: only these definitions are run, in a namespace where d2l is that namespace)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body
              if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in D2L_NAMES]
    d2l = SimpleNamespace(size=lambda a: a.numel())
    ns = {"torch": torch, "nn": nn, "F": F, "math": math, "time": time, "d2l": d2l}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(path), "exec"), ns)  # noqa: S102 (d2l's own code)
    for name in D2L_NAMES:
        setattr(d2l, name, ns[name])
    return d2l


def book(name: str):
    """The book's scratch rnn, gru or lstm, as it prints them: selftest/alternatives/<name>/book.py, which the
    selftest proves the workbook accepts (typed once, from d2l 8.5 and d2l-zh chapter_recurrent-modern)."""
    ns = {"torch": torch}
    path = ROOT / "selftest" / "alternatives" / name / "book.py"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), ns)
    return ns[name]


def run(side, make_net, batches, epochs, device):
    """(tokens per second after the first epoch, last perplexity) of one side's train_epoch_ch8."""
    net = make_net()
    loss = nn.CrossEntropyLoss()
    if isinstance(net, nn.Module):
        updater = torch.optim.SGD(net.parameters(), 1)
    else:
        def updater(batch_size):
            side["sgd"](net.params, 1, batch_size)
    tokens, seconds = 0, 0.0
    for epoch in range(epochs):
        if device.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        ppl, _ = side["epoch"](net, batches, loss, updater, device, False)  # returns after its float(): synced
        if epoch:
            seconds += time.perf_counter() - start
            tokens += sum(Y.numel() for _, Y in batches)
    return tokens / seconds, ppl


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--hiddens", type=int, nargs="+", default=[512])
    p.add_argument("--models", nargs="+", choices=("rnn", "gru", "lstm"), default=["rnn", "gru", "lstm"])
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--concise", action="store_true", help="also RNNModel around nn.RNN, nn.GRU, nn.LSTM")
    p.add_argument("--d2l", type=Path, default=Path("/tmp/d2l/d2l/torch.py"))
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--repeat", type=int, default=3, help="runs of each side, interleaved; the best is shown")
    args = p.parse_args()
    # d2l's Accumulator calls float() on the loss that still requires grad: its own code, warned about every run
    warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad=True to a scalar")
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    d2l = d2l_from(args.d2l)
    ref5, ref6, lm, gru, lstm = (reference(f + ".py") for f in (
        "ch8_5_rnn_scratch", "ch8_6_rnn_concise", "ch8_3_language_models", "ch9_1_gru", "ch9_2_lstm"))
    random.seed(0)
    train_iter, vocab = lm.load_data_time_machine(32, 35)
    batches = [(X.to(device), Y.to(device)) for X, Y in train_iter]  # one fixed pass, on the device, for both
    sides = {"d2l": {"epoch": d2l.train_epoch_ch8, "sgd": d2l.sgd, "model": d2l.RNNModelScratch,
                     "rnn": book("rnn"), "gru": book("gru"), "lstm": book("lstm"), "concise": d2l.RNNModel},
             "reference": {"epoch": ref5.train_epoch_ch8, "sgd": ref5.d2l.sgd, "model": ref5.RNNModelScratch,
                           "rnn": ref5.rnn, "gru": gru.gru, "lstm": lstm.lstm, "concise": ref6.RNNModel}}
    scratch = {"rnn": ("scratch RNN", ref5.get_params, ref5.init_rnn_state, nn.RNN),
               "gru": ("scratch GRU", gru.get_params, gru.init_gru_state, nn.GRU),
               "lstm": ("scratch LSTM", lstm.get_lstm_params, lstm.init_lstm_state, nn.LSTM)}
    print(f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads, {len(batches)} minibatches "
          f"of 32 x 35 per epoch, {args.epochs} epochs (the first not timed)")
    for h in args.hiddens:
        models = []
        for kind in args.models:
            name, get_params, init_state, layer = scratch[kind]
            models.append((name, lambda side, h=h, kind=kind, get_params=get_params, init_state=init_state:
                           side["model"](len(vocab), h, device, get_params, init_state, side[kind])))
            if args.concise:
                models.append((layer.__name__, lambda side, h=h, layer=layer:
                               side["concise"](layer(len(vocab), h), len(vocab)).to(device)))
        for name, make in models:
            results = {label: [] for label in sides}
            for _ in range(args.repeat):  # interleaved: a busy machine slows both sides alike
                for label, side in sides.items():
                    torch.manual_seed(0)  # the same parameters on both sides
                    results[label].append(run(side, lambda make=make, side=side: make(side), batches, args.epochs,
                                              device))
            (d_tps, d_ppl), (r_tps, r_ppl) = (max(results[label]) for label in sides)  # each side's best run
            print(f"{name:12} {h:4} hidden  d2l {d_tps:9.0f} tokens/s  ppl {d_ppl:6.3f}   "
                  f"reference {r_tps:9.0f} tokens/s  ppl {r_ppl:6.3f}   speed-up {r_tps / d_tps:4.2f}x")


if __name__ == "__main__":
    main()
