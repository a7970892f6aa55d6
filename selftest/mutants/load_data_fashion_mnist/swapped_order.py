# Returns (test_iter, train_iter).
# expect: return (train_iter, test_iter)
def load_data_fashion_mnist(batch_size, resize=None, root=None):
    return (_TensorIterator(False, resize, root, batch_size, shuffle=False),
            _TensorIterator(True, resize, root, batch_size, shuffle=True))
