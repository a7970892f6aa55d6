"""d2l 8.3 Language models and the dataset (语言模型和数据集): minibatches of subsequences.

Write each function below; its docstring shows the command that checks it.
Your load_corpus_time_machine (8.2) is d2l.load_corpus_time_machine; the grader uses the reference
one, so a slip there costs nothing here. The book's d2l.seq_data_iter_random (and _sequential) are
this file's own; d2l.tensor(...) in the book is torch.tensor(...).
8.2 的 load_corpus_time_machine 通过 d2l.load_corpus_time_machine 使用；批改时用的是参考实现。
"""

import random

import torch

from katas.sections import Sections

d2l = Sections(__file__, "ch8_2_text_preprocessing.py", "ch8_3_language_models.py")


def seq_data_iter_random(corpus, batch_size, num_steps):
    """Yield minibatches (X, Y) of random subsequences, as d2l's random sampling does.

    Drop a random number of leading tokens, random.randint(0, num_steps - 1), then cut the rest
    into subsequences of num_steps tokens (the last token only serves as a label, so a
    subsequence whose labels would run past the end is not used). Shuffle their start indices;
    each minibatch takes the next batch_size of them (an incomplete last batch is dropped).
    X and Y are int64 tensors (batch_size, num_steps); Y is X shifted one token to the right.
    Every subsequence is used at most once per pass.
    随机抽样：随机丢掉开头 0 到 num_steps-1 个词元，切成长度 num_steps 的子序列，打乱起点后按批取出；
    Y 是 X 右移一个词元。
    Check: python grade.py seq_data_iter_random
    """
    # TODO
    raise NotImplementedError


def seq_data_iter_sequential(corpus, batch_size, num_steps):
    """Yield minibatches (X, Y) by sequential partitioning, as d2l does.

    Drop random.randint(0, num_steps) leading tokens; keep the largest multiple of batch_size
    tokens that still leaves one label token after them; reshape them into batch_size rows (and
    the labels, shifted by one, likewise); then cut the rows into windows of num_steps columns.
    Row i of each minibatch continues row i of the previous one, so a hidden state can be
    carried from minibatch to minibatch. X, Y: int64 tensors (batch_size, num_steps).
    顺序分区：相邻两个小批量中同一行在原序列上是连续的。
    Check: python grade.py seq_data_iter_sequential
    """
    # TODO
    raise NotImplementedError


class SeqDataLoader:
    """An iterator over the Time Machine's minibatches (加载序列数据的迭代器). Check: python grade.py SeqDataLoader

    SeqDataLoader(batch_size, num_steps, use_random_iter, max_tokens): data_iter_fn is
    seq_data_iter_random when use_random_iter, else seq_data_iter_sequential; corpus and vocab
    come from d2l.load_corpus_time_machine(max_tokens); keep batch_size and num_steps. Every
    iter() starts a new pass: data_iter_fn(corpus, batch_size, num_steps).
    """

    def __init__(self, batch_size, num_steps, use_random_iter, max_tokens):
        # TODO
        raise NotImplementedError

    def __iter__(self):
        # TODO
        raise NotImplementedError


def load_data_time_machine(batch_size, num_steps, use_random_iter=False, max_tokens=10000):
    """Return (data_iter, vocab): a SeqDataLoader and its vocabulary.

    返回 SeqDataLoader 及其词表。
    Check: python grade.py load_data_time_machine
    """
    # TODO
    raise NotImplementedError
