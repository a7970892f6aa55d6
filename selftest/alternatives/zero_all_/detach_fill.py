# A detached view shares the memory.
def zero_all_(tensors):
    for t in tensors:
        t.detach().fill_(0)
