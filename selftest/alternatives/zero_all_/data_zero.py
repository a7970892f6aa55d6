# Through .data, which autograd does not track.
def zero_all_(tensors):
    for t in tensors:
        t.data.zero_()
