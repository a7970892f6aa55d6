# 'ankle boot' left out: label 9 has no name.
# expect: with all ten names in order
def get_fashion_mnist_labels(labels):
    names = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag']
    return [names[int(i)] for i in labels]
