# torch.save(fname, obj): the file name first, the object second.
# expect: torch.save takes the object first and the file second
def save_tensors(obj, fname):
    torch.save(fname, obj)
