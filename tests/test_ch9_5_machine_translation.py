"""Graded tests for d2l 9.5, the English-French data: reading, preprocessing, tokens, padding, arrays, batches."""

import builtins
import copy
import os
import random
from pathlib import Path

import pytest
import torch

from katas import data, instructor
from katas.checks import expect, expect_tensor, fail, fmt_shape
from katas.fixtures import reference
from katas.testkit import D2L

exercise = pytest.mark.exercise

WORDS = ["go", "Hi", "run", "I", "lost", "He's", "calm", "Wow", "va", "Salut", "cours", "j'ai", "perdu", "Il",
         "est", "calme", "ça", "été", "Où"]


def _sentence():
    words = random.choices(WORDS, k=random.randint(1, 5))
    out = words[0]
    for w in words[1:]:
        out += random.choice([" ", " ", ", ", ",", "\xa0", "\u202f"]) + w
    return out + random.choice([".", " !", "!", "?", "\u202f?", "\xa0!", ""])


def _text(n):
    return "\n".join(f"{_sentence()}\t{_sentence()}" for _ in range(n))


# --- read_data_nmt -------------------------------------------------------------------------------


@exercise("read_data_nmt")
def test_read_data_nmt(impl, fra_eng, monkeypatch):
    opened = []

    data_files = {(folder / "fra.txt").resolve() for folder in data.folders(data.FRA_ENG)}

    def watched_open(file, mode="r", *args, **kwargs):
        opened.append((mode, kwargs.get("encoding", args[1] if len(args) > 1 else None)))
        # in instructor mode this open runs in the grader (the driver), not in the learner's process: there it reads
        # fra.txt and nothing else (red team I3 read a solution through it)
        if instructor.enabled() and (not isinstance(file, (str, os.PathLike)) or set(mode) - set("rbt")
                                     or Path(file).resolve() not in data_files):
            fail(f"read_data_nmt opened {str(file)[:120]!r} (mode {mode!r}): open fra.txt of the fra-eng data set, "
                 "os.path.join(download_extract('fra-eng'), 'fra.txt'), for reading",
                 f"read_data_nmt 打开了 {str(file)[:120]!r}（模式 {mode!r}）：应以读模式打开 fra-eng 数据集的 fra.txt")
        return builtins.open(file, mode, *args, **kwargs)

    monkeypatch.setattr(impl._module, "open", watched_open, raising=False)
    text = impl.read_data_nmt()
    if opened and "b" not in opened[0][0]:
        encoding = (opened[0][1] or "").lower().replace("-", "").replace("_", "")
        expect(encoding in ("utf8", "utf8sig"), f"read_data_nmt opened fra.txt with encoding={opened[0][1]!r}: pass "
               "encoding='utf-8'; without it Python uses the locale's encoding, which on Windows (cp1252, gbk) fails "
               "on the French accents or reads them wrong", f"read_data_nmt 打开 fra.txt 时 encoding={opened[0][1]!r}："
               "要写 encoding='utf-8'；不写时 Python 用系统区域的编码，在 Windows（cp1252、gbk）上读法语重音会出错")
    expect(isinstance(text, str), f"read_data_nmt returned {type(text).__name__}: return the file's text, f.read()",
           f"read_data_nmt 返回了 {type(text).__name__}：应返回文件的文本 f.read()")
    if text != fra_eng:
        if isinstance(text, str) and text.split("\n")[:3] == fra_eng.split("\n")[:3]:
            fail(f"read_data_nmt returned {len(text):,} characters of fra.txt's {len(fra_eng):,}: return all of "
                 "it, f.read()", f"read_data_nmt 只返回了 fra.txt 的 {len(text):,} 个字符（共 {len(fra_eng):,}）："
                 "应返回全部")
        fail(f"read_data_nmt returned {text[:40]!r}..., not the text of fra.txt ({fra_eng[:40]!r}...): open "
             "os.path.join(download_extract('fra-eng'), 'fra.txt') and return f.read() unchanged",
             "read_data_nmt 返回的不是 fra.txt 的文本：打开 os.path.join(download_extract('fra-eng'), 'fra.txt')，"
             "原样返回 f.read()")


# --- preprocess_nmt ------------------------------------------------------------------------------


@exercise("preprocess_nmt")
def test_preprocess_nmt(impl, ref):
    text = random.choice([",", "!"]) + _text(random.randint(4, 8))  # a punctuation mark first: no space before it
    got = impl.preprocess_nmt(text)
    want = ref.preprocess_nmt(text)
    if got == want:
        return
    expect(isinstance(got, str), f"preprocess_nmt returned {type(got).__name__}: return one string, ''.join(out)",
           f"preprocess_nmt 返回了 {type(got).__name__}：应返回一个字符串 ''.join(out)")
    what = f"preprocess_nmt({text[:30]!r}...) returned {got[:40]!r}..., expected {want[:40]!r}..."
    zh = f"preprocess_nmt 返回了 {got[:40]!r}...，应为 {want[:40]!r}..."
    if any(c in got for c in "\xa0\u202f"):
        fail(f"{what}: replace the non-breaking spaces '\\u202f' and '\\xa0' by ' ' first",
             f"{zh}：先把不间断空格 '\\u202f' 和 '\\xa0' 换成 ' '")
    if got != got.lower():
        fail(f"{what}: lower the case, .lower()", f"{zh}：要转为小写 .lower()")
    if got.startswith(" "):
        fail(f"{what}: no space before the text's first character (i > 0)",
             f"{zh}：文本的第一个字符前不加空格（i > 0）")
    if got.replace(" ", "") == want.replace(" ", "") and len(got) > len(want):
        fail(f"{what}: a space goes before , . ! ? only where there is none already (text[i - 1] != ' '), after "
             "the non-breaking spaces became spaces", f"{zh}：只有前面还没有空格时（text[i - 1] != ' '）才在 , . ! ? "
             "前加空格；先替换不间断空格再判断")
    if got.replace(" ", "") == want.replace(" ", ""):
        fail(f"{what}: put a space before each , . ! ? that follows a non-space", f"{zh}：在紧跟非空格字符的 , . ! ? "
             "之前加一个空格")
    fail(f"{what}: only the spaces before punctuation change, and the case", f"{zh}：只应改变标点前的空格和大小写")


# --- tokenize_nmt --------------------------------------------------------------------------------


@exercise("tokenize_nmt")
def test_tokenize_nmt(impl, ref):
    lines = [f"{a}\t{b}" for a, b in (ref.preprocess_nmt(_text(1)).split("\t") for _ in range(random.randint(6, 9)))]
    lines.insert(random.randint(1, 4), "a line without a tab")
    text = "\n".join(lines) + "\n"  # the file ends with a newline: one empty last line
    for n in (None, random.randint(2, 4)):
        got = impl.tokenize_nmt(text, n) if n else impl.tokenize_nmt(text)
        want = ref.tokenize_nmt(text, n)
        what = f"tokenize_nmt(text of {len(lines)} lines{f', num_examples={n}' if n else ''})"
        expect(isinstance(got, tuple) and len(got) == 2, f"{what} returned {type(got).__name__}: return (source, "
               "target)", f"{what} 返回了 {type(got).__name__}：应返回 (source, target)")
        src, tgt = got
        if src == want[1] and tgt == want[0]:
            fail(f"{what}: source and target are swapped: the English (before the tab) is the source",
                 f"{what}：source 和 target 反了：制表符前的英语是 source")
        if isinstance(src, list) and src and isinstance(src[0], str):
            fail(f"{what}: source holds strings ({src[0]!r}): each line's words as a list, parts[0].split(' ')",
                 f"{what}：source 里是字符串（{src[0]!r}）：每行应为词的列表 parts[0].split(' ')")
        if n and len(src) != len(want[0]):
            fail(f"{what} returned {len(src)} pairs, expected {len(want[0])}: read lines 0 to num_examples, "
                 "`if num_examples and i > num_examples: break`, and skip lines that are not two parts",
                 f"{what} 返回了 {len(src)} 对，应为 {len(want[0])}：`if num_examples and i > num_examples: break`，"
                 "并跳过不是两部分的行")
        if len(src) != len(want[0]):
            fail(f"{what} returned {len(src)} pairs, expected {len(want[0])}: keep only lines that split on '\\t' "
                 "into exactly two parts (len(parts) == 2)", f"{what} 返回了 {len(src)} 对，应为 {len(want[0])}："
                 "只保留按 '\\t' 恰好分成两部分的行")
        expect((src, tgt) == want, f"{what} returned {src[:2]!r:.80}... and {tgt[:2]!r:.80}..., expected "
               f"{want[0][:2]!r:.80}... and {want[1][:2]!r:.80}...: split each part on ' '",
               f"{what} 的结果不对：每部分按 ' ' 分词")


# --- truncate_pad --------------------------------------------------------------------------------


@exercise("truncate_pad")
@pytest.mark.parametrize("case", ["pad", "truncate", "exact"])
def test_truncate_pad(impl, ref, case):
    num_steps = random.randint(4, 8)
    n = {"pad": random.randint(1, num_steps - 1), "truncate": num_steps + random.randint(1, 4),
         "exact": num_steps}[case]
    line = random.sample(range(10, 99), n)
    pad = random.randint(1, 9)
    given = list(line)
    got = impl.truncate_pad(given, num_steps, pad)
    want = ref.truncate_pad(line, num_steps, pad)
    what = f"truncate_pad({line}, {num_steps}, {pad})"
    expect(given == line, f"{what} changed the line passed in to {given}: return a new list (line + [...] is new; "
           "line.extend or += changes the caller's list)", f"{what} 修改了传入的列表：应返回新列表"
           "（line + [...] 是新列表，line.extend 或 += 会改掉调用者的列表）")
    if got == want:
        return
    if got == line[-num_steps:]:
        fail(f"{what} returned {got}, expected {want}: keep the first num_steps tokens, line[:num_steps] (the "
             "sentence's beginning), not its end", f"{what} 返回了 {got}，应为 {want}：保留前 num_steps 个词元 "
             "line[:num_steps]（句子的开头），不是结尾")
    if got == [pad] * (num_steps - n) + line:
        fail(f"{what} returned {got}, expected {want}: pad on the right, line + [padding_token] * (num_steps - "
             "len(line)): the sentence starts at position 0", f"{what} 返回了 {got}，应为 {want}：在右侧填充，"
             "line + [padding_token] * (num_steps - len(line))，句子从位置 0 开始")
    fail(f"{what} returned {got!r:.80}, expected {want}: exactly num_steps tokens", f"{what} 返回了 {got!r:.80}，"
         f"应为 {want}：恰好 num_steps 个词元")


# --- build_array_nmt -----------------------------------------------------------------------------


def _vocab():
    tokens = [[w.lower()] * random.randint(1, 3) for w in WORDS] + [[".", "!"]]
    return reference("ch8_2_text_preprocessing.py").Vocab(tokens, reserved_tokens=["<pad>", "<bos>", "<eos>"])


@exercise("build_array_nmt")
def test_build_array_nmt(impl, ref):
    vocab = _vocab()
    num_steps = random.randint(5, 7)
    lines = [random.choices([w.lower() for w in WORDS] + ["unknown"], k=k)
             for k in [num_steps + 2, num_steps - 1, num_steps, 1] + [random.randint(1, num_steps + 2)
                                                                         for _ in range(3)]]
    random.shuffle(lines)
    kept = copy.deepcopy(lines)
    out = impl.build_array_nmt(lines, vocab, num_steps)
    expect(lines == kept, "build_array_nmt changed the lines it was given (line.append(...) on the caller's lists?): "
           "build new ones, line + [vocab['<eos>']], and leave the caller's as they were",
           "build_array_nmt 修改了传入的 lines（对调用者的列表用了 line.append(...)？）：应构造新列表 "
           "line + [vocab['<eos>']]，不要改动调用者的列表")
    expect(isinstance(out, tuple) and len(out) == 2, f"build_array_nmt returned {type(out).__name__}: return "
           "(array, valid_len)", f"build_array_nmt 返回了 {type(out).__name__}：应返回 (array, valid_len)")
    array, valid_len = out
    want_array, want_len = ref.build_array_nmt(lines, vocab, num_steps)
    what = f"build_array_nmt on {len(lines)} lines, num_steps={num_steps}"
    eos, pad = vocab["<eos>"], vocab["<pad>"]
    if torch.is_tensor(array) and array.shape == want_array.shape and not (array == eos).any():
        fail(f"{what}: no row holds <eos> ({eos}): append vocab['<eos>'] to every line before truncate_pad, so the "
             "decoder learns where a sentence ends", f"{what}：没有一行含 <eos>（{eos}）：truncate_pad 之前给每行追加 "
             "vocab['<eos>']，解码器才能学会句子在哪里结束")
    expect_tensor(array, want_array, f"the array of {what}")
    if torch.is_tensor(valid_len) and valid_len.shape == want_len.shape:
        if bool((valid_len == num_steps).all()):
            fail(f"{what}: valid_len is num_steps ({num_steps}) for every row: count only the tokens that are not "
                 "<pad>, (array != vocab['<pad>']).type(torch.int32).sum(1)", f"{what}：valid_len 全是 num_steps："
                 "只数不是 <pad> 的词元，(array != vocab['<pad>']).type(torch.int32).sum(1)")
        lens = torch.tensor([len(line) for line in lines])
        if torch.equal(valid_len.long(), lens) or torch.equal(valid_len.long(), lens.clamp(max=num_steps)):
            fail(f"{what}: valid_len counts the words of each line: count the tokens of the padded row that are not "
                 "<pad>, <eos> included and the cut part not", f"{what}：valid_len 数的是每行的词数："
                 "应数填充后的行里不是 <pad> 的词元，包括 <eos>，不包括截掉的部分")
    expect_tensor(valid_len, want_len, f"the valid lengths of {what}", dtype=False)
    expect(valid_len.dtype in (torch.int32, torch.int64), f"{what}: valid_len has dtype {valid_len.dtype}: integers, "
           ".type(torch.int32)", f"{what}：valid_len 的 dtype 为 {valid_len.dtype}：应为整数")
    del pad


# --- load_data_nmt -------------------------------------------------------------------------------


@exercise("load_data_nmt")
def test_load_data_nmt(impl, ref, fra_eng, monkeypatch):
    head = "\n".join(fra_eng.split("\n", 1000)[:1000])  # the first 1,000 lines: d2l reads the whole file
    monkeypatch.setattr(impl._module, "read_data_nmt", lambda: head)
    monkeypatch.setattr(ref, "read_data_nmt", lambda: head)
    monkeypatch.setattr(impl._module, "d2l", D2L(ref.d2l))
    batch_size, num_steps, n = random.randint(16, 40), random.randint(6, 10), random.randint(200, 400)
    what = f"load_data_nmt({batch_size}, {num_steps}, num_examples={n})"
    out = impl.load_data_nmt(batch_size, num_steps, n)
    expect(isinstance(out, tuple) and len(out) == 3, f"{what} returned {type(out).__name__}: return (data_iter, "
           "src_vocab, tgt_vocab)", f"{what} 返回了 {type(out).__name__}：应返回 (data_iter, src_vocab, tgt_vocab)")
    data_iter, src_vocab, tgt_vocab = out
    want_iter, want_src, want_tgt = ref.load_data_nmt(batch_size, num_steps, n)
    for side, got_v, want_v in (("src_vocab", src_vocab, want_src), ("tgt_vocab", tgt_vocab, want_tgt)):
        if got_v.idx_to_token[:4] != want_v.idx_to_token[:4]:
            fail(f"{what}: {side} begins {got_v.idx_to_token[:4]}, expected {want_v.idx_to_token[:4]}: "
                 "reserved_tokens=['<pad>', '<bos>', '<eos>']", f"{what}：{side} 开头为 {got_v.idx_to_token[:4]}，"
                 f"应为 {want_v.idx_to_token[:4]}：reserved_tokens=['<pad>', '<bos>', '<eos>']")
        if len(got_v) > len(want_v):
            fail(f"{what}: {side} has {len(got_v)} tokens, expected {len(want_v)}: min_freq=2 leaves the words seen "
                 "once to <unk>", f"{what}：{side} 有 {len(got_v)} 个词元，应为 {len(want_v)}：min_freq=2")
        expect(got_v.idx_to_token == want_v.idx_to_token, f"{what}: {side} has {len(got_v)} tokens, expected "
               f"{len(want_v)}: build it from the {'English' if side == 'src_vocab' else 'French'} side of the first "
               "num_examples pairs", f"{what}：{side} 有 {len(got_v)} 个词元，应为 {len(want_v)}")
    batches = list(data_iter)
    expect(batches and all(len(b) == 4 for b in batches), f"{what}: a batch holds {len(batches[0]) if batches else 0} "
           "tensors: load_array((src_array, src_valid_len, tgt_array, tgt_valid_len), batch_size)",
           f"{what}：一个批量应有 4 个张量 (X, X_valid_len, Y, Y_valid_len)")
    expect(len(batches[0][0]) == batch_size, f"{what}: the first batch has {len(batches[0][0])} rows, expected "
           f"{batch_size}", f"{what}：第一个批量有 {len(batches[0][0])} 行，应为 {batch_size}")
    want_batches = list(want_iter)  # once: each pass over a DataLoader shuffles anew
    got = [torch.cat([b[k] for b in batches]) for k in range(4)]
    want = [torch.cat([b[k] for b in want_batches]) for k in range(4)]
    rows = sorted(zip(*[t.tolist() for t in got], strict=True))  # in any order: the iterator shuffles
    want_rows = sorted(zip(*[t.tolist() for t in want], strict=True))
    expect(tuple(got[0].shape) == tuple(want[0].shape), f"{what}: the source array has shape "
           f"{fmt_shape(got[0].shape)}, expected {fmt_shape(want[0].shape)}", f"{what}：源数组形状为 "
           f"{fmt_shape(got[0].shape)}，应为 {fmt_shape(want[0].shape)}")
    expect(rows == want_rows, f"{what}: the batches hold other rows than (src_array, src_valid_len, tgt_array, "
           "tgt_valid_len) of build_array_nmt on each side", f"{what}：批量中的行与两侧 build_array_nmt 的结果不同")
