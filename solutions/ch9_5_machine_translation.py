"""d2l 9.5 Machine translation and the dataset (机器翻译与数据集): English-French pairs as padded index arrays.

The pairs are from www.manythings.org/anki (tatoeba.org), CC-BY 2.0: see fra-eng/_about.txt.
"""

import os

import torch

from katas.data import download_extract
from katas.sections import Sections

d2l = Sections(__file__, "ch3_3_linear_regression_concise.py", "ch8_2_text_preprocessing.py")


def read_data_nmt():
    """The text of fra-eng/fra.txt: one 'English<TAB>French' pair per line.

    d2l's open() names no encoding, which fails on Windows locales that are not UTF-8.
    """
    data_dir = download_extract("fra-eng")
    with open(os.path.join(data_dir, "fra.txt"), encoding="utf-8") as f:
        return f.read()


def preprocess_nmt(text):
    """Non-breaking spaces become spaces, letters lower case, a space before , . ! ? that has none."""

    def no_space(char, prev_char):
        return char in set(",.!?") and prev_char != " "

    text = text.replace("\u202f", " ").replace("\xa0", " ").lower()
    out = [" " + char if i > 0 and no_space(char, text[i - 1]) else char for i, char in enumerate(text)]
    return "".join(out)


def tokenize_nmt(text, num_examples=None):
    """(source, target): the words of each pair's English and French side, of the first num_examples + 1 lines."""
    source, target = [], []
    for i, line in enumerate(text.split("\n")):
        if num_examples and i > num_examples:
            break
        parts = line.split("\t")
        if len(parts) == 2:
            source.append(parts[0].split(" "))
            target.append(parts[1].split(" "))
    return source, target


def truncate_pad(line, num_steps, padding_token):
    """line cut to its first num_steps tokens, or padded on the right with padding_token to num_steps."""
    if len(line) > num_steps:
        return line[:num_steps]  # truncate
    return line + [padding_token] * (num_steps - len(line))  # pad


def build_array_nmt(lines, vocab, num_steps):
    """(array (len(lines), num_steps), valid_len (len(lines),)): indices with <eos> appended, then cut or padded."""
    lines = [vocab[line] for line in lines]
    lines = [line + [vocab["<eos>"]] for line in lines]
    array = torch.tensor([truncate_pad(line, num_steps, vocab["<pad>"]) for line in lines])
    valid_len = (array != vocab["<pad>"]).type(torch.int32).sum(1)  # tokens that are not padding
    return array, valid_len


def load_data_nmt(batch_size, num_steps, num_examples=600):
    """(data_iter, src_vocab, tgt_vocab) of the first num_examples pairs; batches of
    (X, X_valid_len, Y, Y_valid_len).

    Only the lines tokenize_nmt reads are preprocessed: preprocess_nmt works character by character,
    so the first lines come out the same, and the 11 MB of the rest would take seconds.
    """
    text = read_data_nmt()
    if num_examples:
        text = "\n".join(text.split("\n", num_examples + 1)[: num_examples + 1])
    source, target = tokenize_nmt(preprocess_nmt(text), num_examples)
    src_vocab = d2l.Vocab(source, min_freq=2, reserved_tokens=["<pad>", "<bos>", "<eos>"])
    tgt_vocab = d2l.Vocab(target, min_freq=2, reserved_tokens=["<pad>", "<bos>", "<eos>"])
    src_array, src_valid_len = build_array_nmt(source, src_vocab, num_steps)
    tgt_array, tgt_valid_len = build_array_nmt(target, tgt_vocab, num_steps)
    data_arrays = (src_array, src_valid_len, tgt_array, tgt_valid_len)
    data_iter = d2l.load_array(data_arrays, batch_size)
    return data_iter, src_vocab, tgt_vocab
