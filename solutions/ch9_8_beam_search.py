"""d2l 9.8 Beam search (束搜索): the k best translations by d2l's length-normalised score."""

import torch
from torch.nn import functional as F

from katas.sections import Sections

d2l = Sections(__file__, "ch9_5_machine_translation.py")


def beam_search(net, src_sentence, src_vocab, tgt_vocab, num_steps, beam_size, device, alpha=0.75):
    """Translate src_sentence keeping the beam_size best partial translations at each step; return the
    beam_size best finished ones as [(translation, score), ...], best first.

    A translation is finished when it predicts <eos> or reaches num_steps tokens. Its score is
    d2l's (9.8): the sum of the log-probabilities of its tokens (<eos> included) divided by L ** alpha,
    L the number of those tokens. Beam size 1 is greedy search (predict_seq2seq).
    """
    net.eval()
    src_tokens = src_vocab[src_sentence.lower().split(" ")] + [src_vocab["<eos>"]]
    enc_valid_len = torch.tensor([len(src_tokens)], device=device)
    src_tokens = d2l.truncate_pad(src_tokens, num_steps, src_vocab["<pad>"])
    enc_X = torch.tensor([src_tokens], dtype=torch.long, device=device)
    state = net.decoder.init_state(net.encoder(enc_X, enc_valid_len), enc_valid_len)
    eos = tgt_vocab["<eos>"]
    beams, finished = [([], 0.0, state)], []  # (tokens, sum of log-probabilities, decoder state)
    with torch.no_grad():
        for _ in range(num_steps):
            candidates = []
            for tokens, logp, state in beams:
                last = tokens[-1] if tokens else tgt_vocab["<bos>"]
                Y, new_state = net.decoder(torch.tensor([[last]], device=device), state)
                log_probs = F.log_softmax(Y[0, -1].float(), dim=-1).tolist()
                candidates += [(tokens + [y], logp + lp, new_state) for y, lp in enumerate(log_probs)]
            candidates.sort(key=lambda c: c[1], reverse=True)  # within one step every length is the same
            beams = []
            for tokens, logp, state in candidates[:beam_size]:
                (finished if tokens[-1] == eos else beams).append((tokens, logp, state))
            if not beams:
                break
    finished += beams  # those that reached num_steps without <eos>
    scored = [(tokens, logp / len(tokens) ** alpha) for tokens, logp, _ in finished]
    scored.sort(key=lambda c: c[1], reverse=True)
    return [(" ".join(tgt_vocab.to_tokens([t for t in tokens if t != eos])), score)
            for tokens, score in scored[:beam_size]]
