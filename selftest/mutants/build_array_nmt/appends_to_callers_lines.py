# <eos> appended to the caller's own lists (the in-place slip), then the same array as the book's.
# expect: changed the lines it was given
def build_array_nmt(lines, vocab, num_steps):
    for line in lines:
        line.append("<eos>")
    rows = [vocab[line] for line in lines]
    array = torch.tensor([truncate_pad(r, num_steps, vocab["<pad>"]) for r in rows])
    valid_len = (array != vocab["<pad>"]).type(torch.int32).sum(1)
    return array, valid_len
