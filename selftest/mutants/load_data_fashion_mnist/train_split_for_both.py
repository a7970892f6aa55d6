# train=True for the test iterator as well.
# expect: use train=False for it
def load_data_fashion_mnist(batch_size, resize=None, root=None):
    return (_TensorIterator(True, resize, root, batch_size, shuffle=True),
            _TensorIterator(True, resize, root, batch_size, shuffle=False))
