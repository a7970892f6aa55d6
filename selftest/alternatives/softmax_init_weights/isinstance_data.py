# isinstance and the .data.normal_ of 3.3 do the same.
def init_weights(m):
    if isinstance(m, nn.Linear):
        m.weight.data.normal_(0, 0.01)
