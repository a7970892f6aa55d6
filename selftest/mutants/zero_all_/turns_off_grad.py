# Turns requires_grad off so that zero_() is allowed.
# expect: no longer a leaf that requires grad
def zero_all_(tensors):
    for t in tensors:
        t.requires_grad_(False)
        t.zero_()
