# Red team I7: the caller's lines emptied in place, so that a reference run on them after the call has nothing to
# compare: every row is <eos> and padding.
# expect: changed the lines it was given
def build_array_nmt(lines, vocab, num_steps):
    for line in lines:
        line.clear()
    eos, pad = vocab["<eos>"], vocab["<pad>"]
    return torch.tensor([[eos] + [pad] * (num_steps - 1)] * len(lines)), torch.ones(len(lines), dtype=torch.int32)
