"""d2l 8.2 Text preprocessing (文本预处理): the Time Machine as lines, tokens and a vocabulary.

Write each function below; its docstring shows the command that checks it.
download('time_machine') is d2l.download's path of timemachine.txt: the grader finds the local copy
(or `python grade.py --fetch-data` fetches it once); it never downloads during a test.
download('time_machine') 即 d2l.download，返回 timemachine.txt 的本地路径（批改时不会联网）。
"""

import collections
import re

from katas.data import download


def read_time_machine():
    """Return the Time Machine as a list of lines, one per line of the file (empty ones too).

    In each line, every run of characters that are not letters becomes one space
    (re.sub('[^A-Za-z]+', ' ', line)); then strip the ends and lower the case.
    d2l prints 3221 lines; the first is 'the time machine by h g wells'.
    读入全部文本行（空行也保留）：非字母的连续字符替换成一个空格，去掉首尾空白并转成小写。
    Check: python grade.py read_time_machine
    """
    # TODO: with open(download('time_machine')) as f: lines = f.readlines()
    raise NotImplementedError


def tokenize(lines, token="word"):
    """Split each line into tokens: token='word' splits at spaces, token='char' into characters.

    Return one list of tokens per line (a list of lists), in the order of the lines.
    把每一行拆成词元（单词或字符），返回“每行一个词元列表”的列表。
    Check: python grade.py tokenize
    """
    # TODO
    raise NotImplementedError


class Vocab:
    """Vocabulary for text (文本词表). Check: python grade.py Vocab

    Vocab(tokens=None, min_freq=0, reserved_tokens=None): tokens is a 1D or 2D list, counted with
    count_corpus. Index 0 is '<unk>', then the reserved tokens in their order, then every other
    token whose frequency is at least min_freq, most frequent first. Attributes idx_to_token
    (a list) and token_to_idx (a dict); len(vocab) is the number of tokens; vocab[token] is its
    index (0 for an unknown token) and vocab[[t1, t2]] (a list or tuple) the list of indices;
    to_tokens(index or list of indices) goes back; the properties unk (0) and token_freqs (every
    counted (token, frequency) pair, most frequent first).
    词表：0 号是 '<unk>'，接着是保留词元，然后按频率从高到低排列出现次数不少于 min_freq 的词元。
    """

    def __init__(self, tokens=None, min_freq=0, reserved_tokens=None):
        # TODO
        raise NotImplementedError

    def __len__(self):
        # TODO
        raise NotImplementedError

    def __getitem__(self, tokens):
        # TODO: a list or tuple gives a list of indices
        raise NotImplementedError

    def to_tokens(self, indices):
        # TODO
        raise NotImplementedError

    @property
    def unk(self):
        # TODO
        raise NotImplementedError

    @property
    def token_freqs(self):
        # TODO
        raise NotImplementedError


def count_corpus(tokens):
    """Return a collections.Counter of the tokens: a 1D list of tokens, or a 2D list (one list per line).

    A 2D list is flattened first: its tokens are counted, not its lines.
    统计词元频率：tokens 是一维列表或二维列表（每行一个列表）；二维时先展平。
    Check: python grade.py count_corpus
    """
    # TODO
    raise NotImplementedError


def load_corpus_time_machine(max_tokens=-1):
    """Return (corpus, vocab) of the Time Machine, tokenized by characters.

    vocab = Vocab(the char tokens); corpus is one flat list of the token indices of every line,
    in order (the lines are flattened into one sequence), cut to its first max_tokens when
    max_tokens > 0. d2l prints len(corpus) 170580 and len(vocab) 28.
    按字符词元化，返回 (corpus, vocab)：corpus 是所有行的词元索引连成的一维列表。
    Check: python grade.py load_corpus_time_machine
    """
    # TODO: read_time_machine(), tokenize(lines, 'char'), Vocab(tokens)
    raise NotImplementedError
