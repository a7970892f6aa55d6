# The valid length is the number of words, <eos> and the cut ignored.
# expect: valid_len counts the words of each line
def build_array_nmt(lines, vocab, num_steps):
    array = torch.tensor([truncate_pad(vocab[l] + [vocab['<eos>']], num_steps, vocab['<pad>']) for l in lines])
    valid_len = torch.tensor([len(l) for l in lines], dtype=torch.int32)
    return array, valid_len
