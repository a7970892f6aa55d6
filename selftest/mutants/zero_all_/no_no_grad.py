# In place on parameters while autograd is recording.
# expect: torch.no_grad
def zero_all_(tensors):
    for t in tensors:
        t.zero_()
