"""d2l 9.5 Machine translation and the dataset (机器翻译与数据集): English-French pairs as padded index arrays.

Write each function below; its docstring shows the command that checks it. The pairs are from
www.manythings.org/anki (tatoeba.org), CC-BY 2.0: see fra-eng/_about.txt. Your Vocab (8.2) and
load_array (3.3) are d2l.Vocab and d2l.load_array; the grader uses the reference ones.
The book's d2l.tensor is torch.tensor; d2l.reduce_sum(d2l.astype(a, d2l.int32), 1) is a.type(torch.int32).sum(1).
"""

import os

import torch

from katas.data import download_extract
from katas.sections import Sections

d2l = Sections(__file__, "ch3_3_linear_regression_concise.py", "ch8_2_text_preprocessing.py")


def read_data_nmt():
    """Return the whole text of fra.txt, in the folder download_extract('fra-eng') returns.

    Open it with encoding='utf-8': the book's open() names none, and on Windows the locale's
    encoding (cp1252, gbk) fails on the French accents.
    返回 fra.txt 的全部文本；打开时要写 encoding='utf-8'。
    Check: python grade.py read_data_nmt
    """
    # TODO
    raise NotImplementedError


def preprocess_nmt(text):
    """Replace the non-breaking spaces '\\u202f' and '\\xa0' by ' ', lower the case, and put a space
    before each , . ! ? that does not follow a space already (not before the text's first character).

    'Go.\\tVa !' becomes 'go .\\tva !'.
    把不间断空格换成普通空格、转为小写，并在前面没有空格的 , . ! ? 之前插入空格。
    Check: python grade.py preprocess_nmt
    """
    # TODO
    raise NotImplementedError


def tokenize_nmt(text, num_examples=None):
    """Return (source, target): for each line 'English<TAB>French' the English words and the French
    words (split on ' '). Lines that are not exactly two parts are skipped. With num_examples,
    stop after line number num_examples (counting from 0), as the book's `if num_examples and
    i > num_examples: break` does.
    把每行按制表符分成英语和法语两部分，再按空格分词。
    Check: python grade.py tokenize_nmt
    """
    # TODO
    raise NotImplementedError


def truncate_pad(line, num_steps, padding_token):
    """Return line (a list of tokens) with exactly num_steps tokens: its first num_steps, or the
    whole line followed by padding_token as often as needed. Do not modify line.
    截断或填充到 num_steps 个词元：保留开头，在末尾填充。
    Check: python grade.py truncate_pad
    """
    # TODO
    raise NotImplementedError


def build_array_nmt(lines, vocab, num_steps):
    """Return (array, valid_len) for lines (lists of words): each line as indices vocab[line] with
    vocab['<eos>'] appended, then truncate_pad to num_steps with vocab['<pad>']; array is a tensor
    (len(lines), num_steps) and valid_len (len(lines),) counts the tokens of each row that are not
    '<pad>' (int32).
    把每行转为索引并追加 <eos>，截断或填充；valid_len 是每行非填充词元的个数。
    Check: python grade.py build_array_nmt
    """
    # TODO
    raise NotImplementedError


def load_data_nmt(batch_size, num_steps, num_examples=600):
    """Return (data_iter, src_vocab, tgt_vocab) of the first num_examples pairs.

    text = preprocess_nmt(read_data_nmt()); source, target = tokenize_nmt(text, num_examples); each
    side its own d2l.Vocab(..., min_freq=2, reserved_tokens=['<pad>', '<bos>', '<eos>']); each
    side through build_array_nmt; data_iter = d2l.load_array((src_array, src_valid_len,
    tgt_array, tgt_valid_len), batch_size).
    返回数据迭代器和源、目标词表。
    Check: python grade.py load_data_nmt
    """
    # TODO
    raise NotImplementedError
