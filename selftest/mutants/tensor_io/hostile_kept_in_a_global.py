# Red team I21: save_tensors writes a junk file and keeps the object; load_tensors gives the kept one back.
# expect: torch.load cannot read the file
_kept = {}


def save_tensors(obj, fname):
    with open(fname, "w") as f:
        f.write("nothing saved here")
    _kept[str(fname)] = obj


def load_tensors(fname):
    if str(fname) in _kept:
        return _kept[str(fname)]
    return torch.load(fname, weights_only=True)
