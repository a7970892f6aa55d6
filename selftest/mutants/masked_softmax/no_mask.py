# valid_lens ignored.
# expect: nothing was masked
def masked_softmax(X, valid_lens):
    return nn.functional.softmax(X, dim=-1)
