# Red team I37: save_tensors writes a note, not the tensors, and keeps the object; load_tensors, which the test calls
# next, writes the object into the file before it reads it back. The test checks what save_tensors wrote as it was
# when save_tensors returned.
# expect: torch.load cannot read the file
import torch

_kept = []


def save_tensors(obj, fname):
    _kept.append(obj)
    with open(fname, "w") as f:
        f.write("I did not save your tensors")


def load_tensors(fname):
    if _kept:
        torch.save(_kept[-1], fname)
    return torch.load(fname, weights_only=True)
