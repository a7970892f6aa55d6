# The learner's own sgd pitfall: rebinding the loop variable.
# expect: the sgd pitfall
def zero_all_(tensors):
    for t in tensors:
        t = torch.zeros_like(t)
