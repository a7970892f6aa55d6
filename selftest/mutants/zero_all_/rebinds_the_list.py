# Builds a new list and rebinds the parameter name.
# expect: left every tensor unchanged
def zero_all_(tensors):
    tensors = [torch.zeros_like(t) for t in tensors]
    return tensors
