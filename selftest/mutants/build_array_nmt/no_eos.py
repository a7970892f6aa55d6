# No <eos> appended.
# expect: no row holds <eos>
def build_array_nmt(lines, vocab, num_steps):
    lines = [vocab[l] for l in lines]
    array = torch.tensor([truncate_pad(l, num_steps, vocab['<pad>']) for l in lines])
    valid_len = (array != vocab['<pad>']).type(torch.int32).sum(1)
    return array, valid_len
