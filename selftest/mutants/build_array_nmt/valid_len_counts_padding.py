# Every row's valid length is num_steps.
# expect: count only the tokens that are not <pad>
def build_array_nmt(lines, vocab, num_steps):
    lines = [vocab[l] + [vocab['<eos>']] for l in lines]
    array = torch.tensor([truncate_pad(l, num_steps, vocab['<pad>']) for l in lines])
    valid_len = torch.full((len(lines),), num_steps, dtype=torch.int32)
    return array, valid_len
