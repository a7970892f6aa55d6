# d2l's torch.save / torch.load: since PyTorch 2.6, torch.load's default is weights_only=True.
def save_tensors(obj, fname):
    torch.save(obj, fname)


def load_tensors(fname):
    return torch.load(fname)
