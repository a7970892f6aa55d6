"""Graded tests for d2l 8.2, text preprocessing: the Time Machine's lines, tokens and vocabulary."""

import collections
import random
import re

import pytest

from katas.checks import expect, fail

exercise = pytest.mark.exercise

LETTERS = "abcdefgh"


def _clean(lines):
    return [re.sub("[^A-Za-z]+", " ", line).strip().lower() for line in lines]


def _words(n):
    return ["".join(random.choices(LETTERS, k=random.randint(2, 4))) for _ in range(n)]  # words, not letters


# --- read_time_machine ------------------------------------------------------------------------


@exercise("read_time_machine")
def test_read_time_machine(impl, time_machine):
    got = impl.read_time_machine()
    want = _clean(time_machine)
    expect(isinstance(got, list), f"read_time_machine returned {type(got).__name__}: return the list of lines",
           f"read_time_machine 返回了 {type(got).__name__}：应返回文本行的列表")
    if len(got) != len(want):
        fail(f"read_time_machine returned {len(got)} lines, the file has {len(want)}: keep every line of "
             "f.readlines(), the empty ones too (d2l counts 3221)",
             f"read_time_machine 返回了 {len(got)} 行，文件有 {len(want)} 行：f.readlines() 的每一行都要保留，"
             "空行也要（d2l 数出 3221 行）")
    i = next((i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w), None)
    if i is None:
        return
    g, w, raw = got[i], want[i], time_machine[i]
    if isinstance(g, str) and g.lower() == w and g != w:
        why = ("lower the case: .lower()", "转成小写：.lower()")
    elif isinstance(g, str) and g.strip() == w:
        why = ("strip the spaces at both ends (and the newline): .strip()", "去掉两端的空格（和换行符）：.strip()")
    elif isinstance(g, str) and re.sub(" +", " ", g).strip() == w:
        why = ("replace each run of non-letters by one space: re.sub('[^A-Za-z]+', ' ', line), with the +",
               "每一串非字母字符只替换成一个空格：re.sub('[^A-Za-z]+', ' ', line)，要有 +")
    else:
        why = ("keep only letters: re.sub('[^A-Za-z]+', ' ', line).strip().lower()",
               "只保留字母：re.sub('[^A-Za-z]+', ' ', line).strip().lower()")
    fail(f"read_time_machine: line {i} ({raw!r:.60}) became {g!r:.60}, expected {w!r:.60}: {why[0]}",
         f"read_time_machine：第 {i} 行（{raw!r:.60}）变成了 {g!r:.60}，应为 {w!r:.60}：{why[1]}")


# --- tokenize ---------------------------------------------------------------------------------


@exercise("tokenize")
@pytest.mark.parametrize("token", ["word", "char"])
def test_tokenize(impl, token):
    lines = [" ".join(_words(random.randint(0, 5))) for _ in range(random.randint(3, 8))]
    got = impl.tokenize(lines, token)
    want = [line.split() for line in lines] if token == "word" else [list(line) for line in lines]
    if got == want:
        return
    flat = [t for line in want for t in line]
    if got == flat:
        fail(f"tokenize(lines, '{token}') returned one flat list of tokens: return one list per line "
             "(count_corpus and load_corpus_time_machine flatten later)",
             f"tokenize(lines, '{token}') 返回了一个展平的列表：应每行一个词元列表（之后再展平）")
    if token == "char" and got == [line.split() for line in lines]:
        fail("tokenize(lines, 'char') split into words: token='char' gives list(line), every character (spaces "
             "too)", "tokenize(lines, 'char') 拆成了单词：token='char' 应返回 list(line)，每个字符（包括空格）")
    if token == "word" and got == [list(line) for line in lines]:
        fail("tokenize(lines, 'word') split into characters: token='word' gives line.split()",
             "tokenize(lines, 'word') 拆成了字符：token='word' 应返回 line.split()")
    fail(f"tokenize({lines!r:.80}, '{token}') returned {got!r:.120}, expected {want!r:.120}",
         f"tokenize(..., '{token}') 返回了 {got!r:.120}，应为 {want!r:.120}")


# --- count_corpus -----------------------------------------------------------------------------


def _count(impl, tokens, what):
    __tracebackhide__ = True
    try:
        return impl.count_corpus(tokens)
    except TypeError as e:
        if "unhashable" in str(e):
            fail(f"count_corpus({what}) failed ({e}): it counted the lines themselves; flatten a list of lines "
                 "into one list of tokens first, [token for line in tokens for token in line]",
                 f"count_corpus({what}) 出错：它在统计“行”本身；先把各行展平成一个词元列表，"
                 "[token for line in tokens for token in line]")
        raise


@exercise("count_corpus")
def test_count_corpus(impl):
    lines = [_words(random.randint(1, 6)) for _ in range(random.randint(3, 6))]
    flat = [t for line in lines for t in line]
    for tokens, what, want in [(lines, "a 2D list of lines", collections.Counter(flat)),
                               (flat, "a 1D list of words", collections.Counter(flat)),
                               ([], "[]", collections.Counter())]:
        got = _count(impl, tokens, what)
        expect(isinstance(got, collections.Counter), f"count_corpus({what}) returned {type(got).__name__}: return "
               "collections.Counter(tokens)", f"count_corpus({what}) 返回了 {type(got).__name__}：应返回 "
               "collections.Counter(tokens)")
        if got == want:
            continue
        if got == collections.Counter("".join(flat)):
            fail(f"count_corpus({what}) counted characters: a 1D list is already a list of tokens; flatten only "
                 "when tokens[0] is a list (a 2D list of lines)",
                 f"count_corpus({what}) 统计的是字符：一维列表本身就是词元列表；只有 tokens[0] 是列表（二维）时才展平")
        fail(f"count_corpus({what}) returned {dict(got)!r:.120}, expected {dict(want)!r:.120}",
             f"count_corpus({what}) 返回了 {dict(got)!r:.120}，应为 {dict(want)!r:.120}")


# --- Vocab ------------------------------------------------------------------------------------


def _corpus():
    """Lines of words with distinct frequencies (no ties: one order by frequency), shuffled."""
    words = list(dict.fromkeys(_words(12)))[:8]
    freqs = random.sample(range(1, 12), len(words))
    flat = [w for w, f in zip(words, freqs, strict=True) for _ in range(f)]
    random.shuffle(flat)
    rarest = words[freqs.index(min(freqs))]  # seen first: the first-seen order is never the order by frequency
    flat.remove(rarest)
    flat.insert(0, rarest)
    cuts = sorted(random.sample(range(1, len(flat)), 4))
    lines = [flat[a:b] for a, b in zip([0, *cuts], [*cuts, len(flat)], strict=True)]
    return lines, dict(zip(words, freqs, strict=True))


def _vocab(impl, *args, **kwargs):
    __tracebackhide__ = True
    v = impl.Vocab(*args, **kwargs)
    for attr in ("idx_to_token", "token_to_idx"):
        expect(hasattr(v, attr), f"Vocab has no {attr}: keep d2l's attributes idx_to_token (a list) and "
               "token_to_idx (a dict)",
               f"Vocab 没有 {attr}：保留 d2l 的属性 idx_to_token（列表）和 token_to_idx（字典）")
    return v


@exercise("Vocab")
def test_vocab_order(impl):
    lines, freqs = _corpus()
    reserved = ["<pad>", "<bos>"][: random.randint(1, 2)]
    min_freq = sorted(freqs.values())[random.randint(1, 3)]  # some words fall below it, one sits on it
    v = _vocab(impl, lines, min_freq=min_freq, reserved_tokens=list(reserved))
    by_freq = sorted(freqs, key=freqs.get, reverse=True)
    want = ["<unk>", *reserved, *[w for w in by_freq if freqs[w] >= min_freq]]
    got = list(v.idx_to_token)
    if got == want:
        return
    what = f"Vocab(lines, min_freq={min_freq}, reserved_tokens={reserved})"
    if not got or got[0] != "<unk>":
        fail(f"{what}.idx_to_token starts {got[:3]}: index 0 is '<unk>', the unknown token, then the reserved "
             "tokens", f"{what}.idx_to_token 以 {got[:3]} 开头：0 号必须是 '<unk>'，然后是保留词元")
    if got[1: 1 + len(reserved)] != reserved:
        fail(f"{what}.idx_to_token is {got}: the reserved tokens {reserved} come right after '<unk>', in their order",
             f"{what}.idx_to_token 为 {got}：保留词元 {reserved} 要紧跟在 '<unk>' 之后，按原顺序")
    if sorted(got) == sorted(want):
        fail(f"{what}.idx_to_token is {got}, expected {want}: the tokens go by frequency, most frequent first "
             "(sorted(counter.items(), key=lambda x: x[1], reverse=True))",
             f"{what}.idx_to_token 为 {got}，应为 {want}：词元按频率从高到低排列")
    on_bar = [w for w in freqs if freqs[w] == min_freq]
    if sorted(got) == sorted(set(want) - set(on_bar)):
        fail(f"{what} left out {on_bar}, seen exactly min_freq = {min_freq} times: keep a token whose frequency is "
             "at least min_freq (stop at freq < min_freq, not <=)",
             f"{what} 漏掉了恰好出现 min_freq = {min_freq} 次的 {on_bar}：频率不小于 min_freq 的都要保留"
             "（freq < min_freq 时才停止，不是 <=）")
    fail(f"{what}.idx_to_token is {got}, expected {want} (frequencies {freqs})",
         f"{what}.idx_to_token 为 {got}，应为 {want}（频率 {freqs}）")


def _lookup(v, key, what):
    """vocab[key], naming the lookups that raise."""
    __tracebackhide__ = True
    try:
        return v[key]
    except KeyError as e:
        fail(f"{what} failed (KeyError: {e}): an unknown token maps to 0, '<unk>': "
             "self.token_to_idx.get(tokens, self.unk)",
             f"{what} 出错（KeyError: {e}）：未知词元映射到 0，即 '<unk>'：self.token_to_idx.get(tokens, self.unk)")
    except TypeError as e:
        if "unhashable" not in str(e):
            raise
        fail(f"{what} failed ({e}): a list or a tuple of tokens gives the list of their indices: "
             "if isinstance(tokens, (list, tuple)), return [self.__getitem__(token) for token in tokens]",
             f"{what} 出错：词元的列表或元组要返回索引列表：isinstance(tokens, (list, tuple)) 时返回 "
             "[self.__getitem__(token) for token in tokens]")


@exercise("Vocab")
def test_vocab_lookups(impl):
    lines, freqs = _corpus()
    v = _vocab(impl, lines)
    by_freq = sorted(freqs, key=freqs.get, reverse=True)
    expect(len(v) == len(freqs) + 1, f"len(vocab) is {len(v)}, expected {len(freqs) + 1} ('<unk>' and "
           f"{len(freqs)} words)", f"len(vocab) 为 {len(v)}，应为 {len(freqs) + 1}")
    w = by_freq[0]
    got = _lookup(v, w, f"vocab[{w!r}]")
    expect(got == 1, f"vocab[{w!r}] is {got!r}, expected 1 (the most frequent word)",
           f"vocab[{w!r}] 为 {got!r}，应为 1（最常见的词）")
    unknown = _lookup(v, "never-seen", "vocab['never-seen']")
    expect(unknown == 0, f"vocab['never-seen'] is {unknown!r}: an unknown token maps to 0, "
           "'<unk>' (token_to_idx.get(token, self.unk))",
           f"vocab['never-seen'] 为 {unknown!r}：未知词元映射到 0"
           "（token_to_idx.get(token, self.unk)）")
    for many in ([by_freq[1], "never-seen", w], (w, by_freq[2])):
        asked = list(many)  # before the lookup: one that empties its list leaves nothing to compare (red team I27)
        want = [v[t] for t in asked]
        got = _lookup(v, many, f"vocab[{asked!r}]")
        expect(list(many) == asked, f"vocab[{asked!r}] changed the list it was given to {many!r}: read the tokens, "
               "do not change them", f"vocab[{asked!r}] 修改了传入的列表（变为 {many!r}）：只读取词元，不要修改")
        expect(got == want, f"vocab[{asked!r}] is {got!r}, expected {want!r}: a list or a tuple of tokens gives the "
               "list of their indices", f"vocab[{asked!r}] 为 {got!r}，应为 {want!r}：词元的列表或元组返回索引列表")
    expect(v.to_tokens(1) == w and v.to_tokens([1, 0]) == [w, "<unk>"],
           f"to_tokens(1) is {v.to_tokens(1)!r}, to_tokens([1, 0]) is {v.to_tokens([1, 0])!r}: expected {w!r} "
           f"and [{w!r}, '<unk>'] (idx_to_token[index])", f"to_tokens 结果不对：应为 {w!r} 和 [{w!r}, '<unk>']")
    expect(v.unk == 0, f"vocab.unk is {v.unk!r}: the index of '<unk>', 0", f"vocab.unk 为 {v.unk!r}：应为 0")
    want_freqs = [(t, freqs[t]) for t in by_freq]
    got_freqs = [tuple(p) for p in v.token_freqs]
    expect(got_freqs == want_freqs, f"vocab.token_freqs is {got_freqs!r:.120}, expected {want_freqs!r:.120}: every "
           "(token, frequency) pair, most frequent first", f"vocab.token_freqs 为 {got_freqs!r:.120}，"
           "应为按频率从高到低的 (词元, 频率) 列表")
    empty = _vocab(impl)
    expect(len(empty) == 1 and empty.idx_to_token[0] == "<unk>", "Vocab() with no tokens must hold '<unk>' only "
           "(tokens=None means [])", "Vocab() 没有词元时只含 '<unk>'（tokens=None 即 []）")
    w2 = by_freq[1]
    dup = _vocab(impl, lines, reserved_tokens=[w2])
    expect(dup.idx_to_token.count(w2) == 1, f"a reserved token that is also in the text ({w2!r}) appears "
           f"{dup.idx_to_token.count(w2)} times in idx_to_token: add a token only if it is not in token_to_idx yet",
           f"保留词元 {w2!r} 也出现在文本里，结果在 idx_to_token 里出现了多次：只添加 token_to_idx 中还没有的词元")


# --- load_corpus_time_machine -----------------------------------------------------------------


@exercise("load_corpus_time_machine")
def test_load_corpus_time_machine(impl, ref, time_machine):
    corpus, vocab = impl.load_corpus_time_machine()
    expect(len(vocab) == 28, f"load_corpus_time_machine's vocabulary has {len(vocab)} tokens, d2l's 28: "
           + ("tokenize by characters, tokenize(lines, 'char')" if len(vocab) > 28 else "build it from the char "
              "tokens of every line"),
           f"词表有 {len(vocab)} 个词元，d2l 的是 28 个：按字符词元化，tokenize(lines, 'char')")
    expect(isinstance(corpus, list) and corpus and isinstance(corpus[0], int),
           f"the corpus starts {corpus[:3]!r:.80}: flatten the lines into one list of token indices, "
           "[vocab[token] for line in tokens for token in line]",
           f"corpus 以 {corpus[:3]!r:.80} 开头：要把各行展平成一个词元索引列表")
    want, _ = ref.load_corpus_time_machine()
    expect(len(corpus) == len(want), f"the corpus has {len(corpus)} tokens, d2l's {len(want)} (170580)",
           f"corpus 有 {len(corpus)} 个词元，d2l 的有 {len(want)} 个（170580）")
    expect(corpus == want, "the corpus differs from d2l's: the indices of every char token of every line, in order",
           "corpus 与 d2l 的不同：应为每一行每个字符词元的索引，按顺序")
    n = random.randint(1000, 20000)
    short, _ = impl.load_corpus_time_machine(n)
    expect(short == want[:n], f"load_corpus_time_machine({n}) returned {len(short)} tokens: keep the first "
           "max_tokens when max_tokens > 0", f"load_corpus_time_machine({n}) 返回了 {len(short)} 个词元："
           "max_tokens > 0 时只保留前 max_tokens 个")
