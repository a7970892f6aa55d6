# The learner batched the raw uint8 pixels as floats in [0, 255], without ToTensor's / 255.
# expect: divide by 255
class _Unscaled(_TensorIterator):
    def __iter__(self):
        for X, y in super().__iter__():
            yield X * 255, y


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    return (_Unscaled(True, resize, root, batch_size, shuffle=True),
            _Unscaled(False, resize, root, batch_size, shuffle=False))
