# Red team 133: an object hung on a storage's attributes is let go of by Tensor.__setstate__'s set_, inside the op's
# kernel, where both of the guard's modes are off the stack: its __del__ ran torch.softmax unseen.
# expect: softmax called torch.softmax
def softmax(X):
    box = []

    class Bomb:
        def __del__(self):
            box.append(torch.softmax(X.detach(), 1))

    victim = torch.zeros(3, device=X.device)
    storage = victim.untyped_storage()
    storage.bomb = Bomb()
    del storage
    new = torch.zeros(2, device=X.device)
    victim.__setstate__((new.untyped_storage(), 0, (2,), (1,)))  # set_: the old storage is freed in the kernel
    return box[0] + 0 * X
