# The same deferred work in a subclass that keeps Tensor's __torch_function__ and overrides detach in its class.
# expect: is its own code
import torch


class _Later(torch.Tensor):
    def detach(self):
        return torch.softmax(torch.Tensor.detach(self), dim=1)


def softmax(X):
    return (X + 0).as_subclass(_Later)
