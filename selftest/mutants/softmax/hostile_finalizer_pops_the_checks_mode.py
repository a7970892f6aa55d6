# Red team 133, taken further: a finalizer run inside an op's kernel takes the mode that watches kernels off the
# stack, computes torch.softmax, and puts it back. What a kernel lets go of is kept until a mode is on again.
# expect: softmax
def softmax(X):
    box = []

    class Bomb:
        def __del__(self):
            mode = torch._C._pop_torch_function_stack()
            try:
                box.append(torch.softmax(X.detach(), 1))
            finally:
                torch._C._push_on_torch_function_stack(mode)

    victim = torch.zeros(3, device=X.device)
    storage = victim.untyped_storage()
    storage.bomb = Bomb()
    del storage
    new = torch.zeros(2, device=X.device)
    victim.__setstate__((new.untyped_storage(), 0, (2,), (1,)))
    return box[0] + 0 * X
