"""Graded tests for d2l 8.3: random and sequential minibatches of subsequences, SeqDataLoader.

The corpus is list(range(n)): a token is its own position, so every property shows in the values
(Y is X + 1, a subsequence starts where its first token says, rows continue when the next minibatch's
first column is the last one's + 1).
"""

import random

import pytest
import torch

from katas.checks import expect, fail, fmt_shape
from katas.testkit import kept_neighbours

exercise = pytest.mark.exercise


def _batches(fn, corpus, batch_size, num_steps, what):
    """Every minibatch of one pass, checked for form: a pair of int64 tensors (batch_size, num_steps)."""
    __tracebackhide__ = True
    try:
        out = list(fn(corpus, batch_size, num_steps))
    except (ValueError, RuntimeError) as e:
        if isinstance(e, NotImplementedError):
            raise
        fail(f"{what} failed ({e}): a subsequence ran past the end of the corpus; keep one token after the last "
             "subsequence for its labels (the - 1 in (len(corpus) - 1) // num_steps)",
             f"{what} 出错：有子序列超出了语料末尾；最后一个子序列之后要留一个词元作标签"
             "（(len(corpus) - 1) // num_steps 里的 - 1）")
    for k, b in enumerate(out):
        expect(isinstance(b, (tuple, list)) and len(b) == 2 and all(torch.is_tensor(t) for t in b),
               f"{what} yielded {type(b).__name__} at minibatch {k}: yield X, Y as two tensors",
               f"{what} 在第 {k} 个小批量产出了 {type(b).__name__}：应 yield X, Y 两个张量")
        X, Y = b
        if tuple(Y.shape[:1]) == (batch_size,) and Y.dim() == 2 and Y.shape[1] < num_steps:
            fail(f"{what}: Y of minibatch {k} has shape {fmt_shape(Y.shape)}: its subsequence ran past the end of the "
                 "corpus; keep one token after the last subsequence for its labels (the - 1 in (len(corpus) - 1) // "
                 "num_steps)", f"{what}：第 {k} 个小批量的 Y 形状为 {fmt_shape(Y.shape)}：子序列超出了语料末尾；"
                 "最后一个子序列之后要留一个词元作标签")
        for name, t in (("X", X), ("Y", Y)):
            expect(tuple(t.shape) == (batch_size, num_steps), f"{what}: {name} of minibatch {k} has shape "
                   f"{fmt_shape(t.shape)}, expected (batch_size, num_steps) = ({batch_size}, {num_steps})",
                   f"{what}：第 {k} 个小批量的 {name} 形状为 {fmt_shape(t.shape)}，应为 ({batch_size}, {num_steps})")
            expect(t.dtype == torch.int64, f"{what}: {name} has dtype {t.dtype}, expected torch.int64 (token "
                   "indices: torch.tensor(list of ints))", f"{what}：{name} 的 dtype 为 {t.dtype}，应为 torch.int64")
        if not torch.equal(Y, X + 1):
            if torch.equal(Y, X):
                fail(f"{what}: Y equals X: the labels are the next tokens, Y starts one token after X "
                     "(corpus[j + 1: j + 1 + num_steps])",
                     f"{what}：Y 与 X 相同：标签是下一个词元，Y 要比 X 晚一个词元开始"
                     "（corpus[j + 1: j + 1 + num_steps]）")
            fail(f"{what}: Y is not X shifted by one token (minibatch {k}, X[0] = {X[0].tolist()}, Y[0] = "
                 f"{Y[0].tolist()})", f"{what}：Y 不是 X 右移一个词元的结果")
        expect(bool((X[:, 1:] == X[:, :-1] + 1).all()), f"{what}: a row of X is not a stretch of consecutive tokens "
               f"(X[0] = {X[0].tolist()})", f"{what}：X 的某一行不是连续的一段词元")
    return out


class FixedOffset:
    """random.randint patched to return value (the leading tokens dropped); other draws untouched.
    Remembers the largest offset the learner's code asked for (randint(0, b))."""

    def __init__(self, monkeypatch, value):
        real = random.randint
        self.asked = []

        def randint(a, b):
            if a != 0:
                return real(a, b)
            self.asked.append(b)
            return min(value, b)

        monkeypatch.setattr(random, "randint", randint)


def _sizes(max_steps=6):
    n = random.randint(60, 140)
    return list(range(n)), random.randint(2, 4), random.randint(3, max_steps)


# --- seq_data_iter_random ---------------------------------------------------------------------


@exercise("seq_data_iter_random")
def test_seq_data_iter_random_uses_each_subsequence_once(impl, monkeypatch):
    corpus, batch, num_steps = _sizes()
    # every offset, the one that leaves no label for a last subsequence too; batch 1 uses every subsequence
    for offset, batch_size in [(o, b) for o in range(num_steps) for b in (1, batch)]:
        fixed = FixedOffset(monkeypatch, offset)
        what = f"seq_data_iter_random(corpus of {len(corpus)}, batch_size={batch_size}, num_steps={num_steps})"
        out = _batches(impl.seq_data_iter_random, corpus, batch_size, num_steps, what)
        expect(all(b == num_steps - 1 for b in fixed.asked), f"{what} drew its offset with random.randint(0, "
               f"{max(fixed.asked, default=0)}): drop at most num_steps - 1 leading tokens, random.randint(0, "
               "num_steps - 1) (a whole subsequence more would only waste text)", f"{what} 用 random.randint(0, "
               f"{max(fixed.asked, default=0)}) 抽取偏移：最多丢掉 num_steps - 1 个开头词元，"
               "random.randint(0, num_steps - 1)")
        starts = [int(s) for X, _ in out for s in X[:, 0]]
        expect(len(set(starts)) == len(starts), f"{what} used a subsequence twice in one pass (starts "
               f"{sorted(starts)}): each start index once, shuffled", f"{what} 在一轮中两次使用了同一个子序列")
        first = min(starts) % num_steps if starts else 0
        expect(all(s % num_steps == first for s in starts), f"{what}: the subsequences start at {sorted(starts)}, "
               f"not num_steps apart: cut the corpus into pieces of num_steps tokens (starts range(0, num_subseqs * "
               "num_steps, num_steps))", f"{what}：子序列起点 {sorted(starts)} 不是相隔 num_steps："
               "要把语料切成长度为 num_steps 的片段")
        num_subseqs = (len(corpus) - first - 1) // num_steps
        want = num_subseqs // batch_size
        expect(len(out) == want, f"{what} yielded {len(out)} minibatches after dropping {first} tokens, expected "
               f"{want}: (len(corpus) - 1) // num_steps subsequences, num_subseqs // batch_size full minibatches",
               f"{what} 丢掉 {first} 个词元后产出了 {len(out)} 个小批量，应为 {want} 个")


@exercise("seq_data_iter_random")
def test_seq_data_iter_random_is_random(impl):
    corpus, batch_size, num_steps = _sizes()
    corpus = list(range(random.randint(200, 300)))
    what = f"seq_data_iter_random(corpus of {len(corpus)}, batch_size={batch_size}, num_steps={num_steps})"
    passes = [_batches(impl.seq_data_iter_random, corpus, batch_size, num_steps, what) for _ in range(20)]
    firsts = [[int(s) for X, _ in p for s in X[:, 0]] for p in passes]
    offsets = {min(f) % num_steps for f in firsts}
    expect(len(offsets) > 1, f"{what} dropped the same number of leading tokens on 20 passes: start each pass at a "
           "random offset, corpus[random.randint(0, num_steps - 1):]", f"{what} 20 轮都丢掉了同样多的开头词元："
           "每轮从随机偏移开始，corpus[random.randint(0, num_steps - 1):]")
    expect(any(f != sorted(f) for f in firsts), f"{what} takes the subsequences in order: shuffle their start "
           "indices (random.shuffle(initial_indices)), so neighbouring minibatches are not neighbours in the text",
           f"{what} 按顺序取子序列：要打乱起点（random.shuffle(initial_indices)）")
    pieces = [[s // num_steps for s in f] for f in firsts]  # which piece of num_steps tokens, whatever the offset
    kept = kept_neighbours(pieces)  # shuffled anew: about 19 in all; an order made by a rule keeps nearly all
    expect(kept <= 95, f"{what}'s orders on 20 passes keep {kept} of their {sum(len(p) - 1 for p in pieces[:-1])} "
           "neighbouring subsequences from one pass to the next: shuffle the start indices anew on every pass "
           "(random.shuffle(initial_indices)), not by a rule", f"{what} 连续 20 轮的子序列顺序之间保留了 {kept} 对"
           "相邻子序列：每轮都要重新随机打乱起点（random.shuffle(initial_indices)），不要按固定规则排列")


# --- seq_data_iter_sequential -----------------------------------------------------------------


@exercise("seq_data_iter_sequential")
def test_seq_data_iter_sequential_continues_rows(impl, monkeypatch):
    corpus, batch_size, num_steps = _sizes()
    for offset in range(num_steps + 1):
        fixed = FixedOffset(monkeypatch, offset)
        what = f"seq_data_iter_sequential(corpus of {len(corpus)}, batch_size={batch_size}, num_steps={num_steps})"
        out = _batches(impl.seq_data_iter_sequential, corpus, batch_size, num_steps, what)
        expect(all(b == num_steps for b in fixed.asked), f"{what} drew its offset with random.randint(0, "
               f"{max(fixed.asked, default=0)}): d2l drops up to num_steps leading tokens, random.randint(0, "
               "num_steps)", f"{what} 用 random.randint(0, {max(fixed.asked, default=0)}) 抽取偏移："
               "d2l 最多丢掉 num_steps 个开头词元，random.randint(0, num_steps)")
        expect(out, f"{what} yielded nothing", f"{what} 没有产出任何小批量")
        first = int(out[0][0][0, 0])
        for k in range(1, len(out)):
            before, now = out[k - 1][0], out[k][0]
            if not torch.equal(now[:, 0], before[:, -1] + 1):
                fail(f"{what}: row 0 of minibatch {k} starts at token {int(now[0, 0])}, but row 0 of minibatch "
                     f"{k - 1} ended at {int(before[0, -1])}: row i of each minibatch must continue row i of the one "
                     "before (reshape the tokens into batch_size rows, then cut num_steps columns at a time), or the "
                     "carried hidden state reads unrelated text",
                     f"{what}：第 {k} 个小批量的第 0 行从词元 {int(now[0, 0])} 开始，而上一个小批量的第 0 行结束于 "
                     f"{int(before[0, -1])}：每个小批量的第 i 行必须接着上一个的第 i 行（先 reshape 成 batch_size 行，"
                     "再每次取 num_steps 列），否则沿用的隐状态读到的是不相干的文本")
        num_tokens = ((len(corpus) - first - 1) // batch_size) * batch_size
        row = num_tokens // batch_size
        rows = out[0][0][:, 0].tolist()
        want_rows = [first + i * row for i in range(batch_size)]
        expect(rows == want_rows, f"{what}: the rows of the first minibatch start at {rows}, expected {want_rows}: "
               "((len(corpus) - offset - 1) // batch_size) * batch_size tokens, reshaped into batch_size rows",
               f"{what}：第一个小批量各行起点为 {rows}，应为 {want_rows}")
        expect(len(out) == row // num_steps, f"{what} yielded {len(out)} minibatches, expected {row // num_steps} "
               "(Xs.shape[1] // num_steps)", f"{what} 产出了 {len(out)} 个小批量，应为 {row // num_steps} 个")


@exercise("seq_data_iter_sequential")
def test_seq_data_iter_sequential_random_offset(impl):
    corpus, batch_size, num_steps = _sizes()
    what = f"seq_data_iter_sequential(corpus of {len(corpus)}, batch_size={batch_size}, num_steps={num_steps})"
    offsets = {int(_batches(impl.seq_data_iter_sequential, corpus, batch_size, num_steps, what)[0][0][0, 0])
               for _ in range(20)}
    expect(len(offsets) > 1, f"{what} started every pass at token {offsets.pop()}: drop a random number of leading "
           "tokens, offset = random.randint(0, num_steps)", f"{what} 每轮都从同一个词元开始："
           "要随机丢掉开头的若干词元，offset = random.randint(0, num_steps)")
    expect(max(offsets) <= num_steps, f"{what} dropped {max(offsets)} leading tokens: at most num_steps",
           f"{what} 丢掉了 {max(offsets)} 个开头词元：最多 num_steps 个")


# --- SeqDataLoader, load_data_time_machine ----------------------------------------------------


def _continues(batches):
    return all(torch.equal(b[0][:, 0], a[0][:, -1] + 1) for a, b in zip(batches, batches[1:], strict=False))


_CORPUS: list = []


def _time_machine_corpus(ref):
    """d2l's (corpus, vocab) of the whole Time Machine, made once per test process (0.2 s each time)."""
    if not _CORPUS:
        _CORPUS.extend(ref.d2l.load_corpus_time_machine())
    return _CORPUS


def _check_loader(loader, ref, what, use_random_iter, max_tokens, batch_size, num_steps):
    __tracebackhide__ = True
    want_corpus, want_vocab = _time_machine_corpus(ref)
    want_corpus = want_corpus[:max_tokens]
    for attr in ("corpus", "vocab", "batch_size", "num_steps"):
        expect(hasattr(loader, attr), f"{what} has no attribute {attr}: keep d2l's corpus, vocab, batch_size and "
               "num_steps", f"{what} 没有属性 {attr}：保留 d2l 的 corpus、vocab、batch_size 和 num_steps")
    expect(loader.corpus == want_corpus, f"{what}.corpus has {len(loader.corpus)} tokens, expected "
           f"{len(want_corpus)}: d2l.load_corpus_time_machine(max_tokens)",
           f"{what}.corpus 有 {len(loader.corpus)} 个词元，应为 {len(want_corpus)}："
           "d2l.load_corpus_time_machine(max_tokens)")
    expect(len(loader.vocab) == len(want_vocab), f"{what}.vocab has {len(loader.vocab)} tokens, expected 28",
           f"{what}.vocab 有 {len(loader.vocab)} 个词元，应为 28")
    loader.corpus = list(range(len(loader.corpus)))  # positions as tokens: continuity shows in the values
    first, second = list(loader), list(loader)
    expect(first, f"{what} yielded no minibatch", f"{what} 没有产出小批量")
    expect(second, f"iterating {what} a second time gave nothing: __iter__ must return a new "
           "data_iter_fn(self.corpus, self.batch_size, self.num_steps) on every call (a generator made once in "
           "__init__ is spent after one epoch)", f"第二次遍历 {what} 什么也没有：__iter__ 每次都要返回新的 "
           "data_iter_fn(...)（在 __init__ 里只建一次的生成器用完一轮就空了）")
    X, Y = first[0]
    expect(torch.equal(X[:, 1:], X[:, :-1] + 1), f"{what} did not read its own corpus: __iter__ returns "
           "self.data_iter_fn(self.corpus, self.batch_size, self.num_steps)",
           f"{what} 没有读取自己的 corpus：__iter__ 应返回 "
           "self.data_iter_fn(self.corpus, self.batch_size, self.num_steps)")
    expect(tuple(X.shape) == (batch_size, num_steps), f"{what} yields X of shape {fmt_shape(X.shape)}, expected "
           f"({batch_size}, {num_steps}): data_iter_fn(self.corpus, self.batch_size, self.num_steps)",
           f"{what} 产出的 X 形状为 {fmt_shape(X.shape)}，应为 ({batch_size}, {num_steps})")
    if use_random_iter:
        expect(not (_continues(first) and _continues(second)), f"{what} with use_random_iter=True gives sequential "
               "minibatches: use seq_data_iter_random then", f"{what} 在 use_random_iter=True 时给出了顺序小批量："
               "此时应使用 seq_data_iter_random")
    else:
        expect(_continues(first), f"{what} with use_random_iter=False gives minibatches whose rows do not continue "
               "each other: use seq_data_iter_sequential then", f"{what} 在 use_random_iter=False 时小批量不连续："
               "此时应使用 seq_data_iter_sequential")


@exercise("SeqDataLoader")
@pytest.mark.parametrize("use_random_iter", [False, True])
def test_seq_data_loader(impl, ref, time_machine, use_random_iter):
    batch_size, num_steps, max_tokens = random.randint(2, 8), random.randint(3, 10), random.randint(2000, 5000)
    loader = impl.SeqDataLoader(batch_size, num_steps, use_random_iter, max_tokens)
    what = f"SeqDataLoader({batch_size}, {num_steps}, {use_random_iter}, {max_tokens})"
    _check_loader(loader, ref, what, use_random_iter, max_tokens, batch_size, num_steps)


@exercise("load_data_time_machine")
@pytest.mark.parametrize("use_random_iter", [False, True])
def test_load_data_time_machine(impl, ref, time_machine, use_random_iter):
    batch_size, num_steps = random.randint(2, 8), random.randint(3, 10)
    got = impl.load_data_time_machine(batch_size, num_steps, use_random_iter)
    what = f"load_data_time_machine({batch_size}, {num_steps}, {use_random_iter})"
    expect(isinstance(got, tuple) and len(got) == 2, f"{what} returned {type(got).__name__}: return "
           "(data_iter, vocab)", f"{what} 返回了 {type(got).__name__}：应返回 (data_iter, vocab)")
    data_iter, vocab = got
    expect(vocab is getattr(data_iter, "vocab", None), f"{what}: the vocab returned is not data_iter.vocab",
           f"{what}：返回的 vocab 不是 data_iter.vocab")
    _check_loader(data_iter, ref, what, use_random_iter, 10000, batch_size, num_steps)
    n = random.randint(2000, 5000)
    data_iter, _ = impl.load_data_time_machine(batch_size, num_steps, use_random_iter, n)
    expect(len(data_iter.corpus) == n, f"load_data_time_machine(..., max_tokens={n}) has a corpus of "
           f"{len(data_iter.corpus)} tokens: pass max_tokens on to SeqDataLoader",
           f"load_data_time_machine(..., max_tokens={n}) 的语料有 {len(data_iter.corpus)} 个词元：要把 max_tokens 传给 "
           f"SeqDataLoader")
