"""d2l 9.8 Beam search (束搜索): the k best translations by d2l's length-normalised score.

The book describes beam search in words and leaves the code to you; this is its interface.
Your truncate_pad (9.5) is d2l.truncate_pad; the grader uses the reference one.
"""

import torch
from torch.nn import functional as F

from katas.sections import Sections

d2l = Sections(__file__, "ch9_5_machine_translation.py")


def beam_search(net, src_sentence, src_vocab, tgt_vocab, num_steps, beam_size, device, alpha=0.75):
    """Translate src_sentence keeping the beam_size best partial translations at each step; return the
    beam_size best finished ones as a list [(translation, score), ...], best first.

    Encode as predict_seq2seq does (net.eval(), the source's words plus <eos>, its valid length,
    d2l.truncate_pad, a batch of one). Start from one empty translation with the decoder's initial
    state. At each of num_steps steps, extend every unfinished translation by every token y of
    tgt_vocab (feed its last token, <bos> for the empty one, and its own state; add
    F.log_softmax of the decoder's scores at y), and keep the beam_size extensions with the largest
    sum of log-probabilities; one that ends in <eos> is finished and leaves the beam. Those still
    unfinished after num_steps steps are finished too. Score each finished translation by d2l's
    (1 / L ** alpha) * (sum of its log-probabilities), L its number of tokens, <eos> included; the
    translation string leaves <eos> out (' '.join of the tokens). Beam size 1 is greedy search.
    在每一步保留对数概率之和最大的 beam_size 个候选；结束后按长度归一化的得分排序，返回最好的 beam_size 个。
    Check: python grade.py beam_search
    """
    # TODO
    raise NotImplementedError
