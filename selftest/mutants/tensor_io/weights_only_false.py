# Old tutorials load with weights_only=False: any pickled object, and any code it carries, is accepted.
# expect: load with weights_only=True
def load_tensors(fname):
    return torch.load(fname, weights_only=False)
