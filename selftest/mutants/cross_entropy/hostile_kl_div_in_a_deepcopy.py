# Red team 31: F.kl_div against the one-hot labels (the cross-entropy, refused by name) run from an attribute's
# __deepcopy__, which Tensor.__deepcopy__ calls with the function check off the stack.
# expect: torch ran in the middle of one of its calls
def cross_entropy(y_hat, y):
    import copy

    import torch.nn.functional as F
    box = []

    class Carrier:
        def __deepcopy__(self, memo):
            onehot = F.one_hot(y, y_hat.shape[1]).to(y_hat.dtype)
            box.append(F.kl_div(torch.log(y_hat), onehot, reduction="none").sum(1))
            return self

    t = torch.zeros(1)
    t.carrier = Carrier()
    copy.deepcopy(t)
    return box[0]
