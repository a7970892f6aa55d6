# d2l's example file name typed in: the file lands in 'x-file', not at fname.
# expect: save to the file named by the argument fname
def save_tensors(obj, fname):
    torch.save(obj, 'x-file')
