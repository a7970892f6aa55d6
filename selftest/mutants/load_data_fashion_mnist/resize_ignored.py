# The learner accepted resize but never used it.
# expect: resize was ignored
def load_data_fashion_mnist(batch_size, resize=None, root=None):
    return (_TensorIterator(True, None, root, batch_size, shuffle=True),
            _TensorIterator(False, None, root, batch_size, shuffle=False))
