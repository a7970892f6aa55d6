# t.data = ... swaps the storage.
# expect: new memory
def zero_all_(tensors):
    for t in tensors:
        t.data = torch.zeros_like(t)
