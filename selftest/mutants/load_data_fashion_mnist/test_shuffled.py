# The learner shuffled the test set too.
# expect: don't shuffle the test set
def load_data_fashion_mnist(batch_size, resize=None, root=None):
    return (_TensorIterator(True, resize, root, batch_size, shuffle=True),
            _TensorIterator(False, resize, root, batch_size, shuffle=True))
