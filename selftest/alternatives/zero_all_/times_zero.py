# t *= 0 (or t.fill_(0)) under no_grad changes each tensor in place too.
def zero_all_(tensors):
    with torch.no_grad():
        for t in tensors:
            t *= 0
