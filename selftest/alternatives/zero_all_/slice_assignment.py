# Writing zeros into each tensor's memory under no_grad.
def zero_all_(tensors):
    with torch.no_grad():
        for t in tensors:
            t[:] = 0
