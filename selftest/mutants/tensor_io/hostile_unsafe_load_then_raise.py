# Red team I21: the whole file unpickled (any code in it has run), then UnpicklingError raised for what is not tensors.
# expect: ran code pickled in the file before refusing it
import pickle


def load_tensors(fname):
    obj = torch.load(fname, weights_only=False)
    if not (isinstance(obj, torch.Tensor) or isinstance(obj, (list, tuple, dict)) and all(
            isinstance(v, torch.Tensor) for v in (obj.values() if isinstance(obj, dict) else obj))):
        raise pickle.UnpicklingError("not tensors")
    return obj
