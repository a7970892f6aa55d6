# A 0-d integer tensor is a valid list index by itself (it has __index__).
def get_fashion_mnist_labels(labels):
    names = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']
    return [names[i] for i in labels]
