# Counts classes from 1.
# expect: class indices count from 0
def get_fashion_mnist_labels(labels):
    names = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']
    return [names[int(i) - 1] for i in labels]
