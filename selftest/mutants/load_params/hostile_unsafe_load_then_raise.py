# Red team I21: the whole file unpickled (any code in it has run), then UnpicklingError raised for what is not tensors.
# expect: load_params loaded a pickled object
import collections
import pickle


def load_params(net, fname):
    state = torch.load(fname, weights_only=False)
    if type(state) not in (dict, collections.OrderedDict) or any(not isinstance(v, torch.Tensor) for v in state.values()):
        raise pickle.UnpicklingError("not tensors")
    net.load_state_dict(state)
    net.eval()
    return net
