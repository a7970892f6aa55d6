# d2l's build_array_nmt, as the book prints it (d2l.tensor is torch.tensor; reduce_sum and astype are torch's).
def build_array_nmt(lines, vocab, num_steps):
    """Transform text sequences of machine translation into minibatches."""
    lines = [vocab[l] for l in lines]
    lines = [l + [vocab['<eos>']] for l in lines]
    array = torch.tensor([truncate_pad(
        l, num_steps, vocab['<pad>']) for l in lines])
    valid_len = torch.sum((array != vocab['<pad>']).type(torch.int32), 1)
    return array, valid_len
