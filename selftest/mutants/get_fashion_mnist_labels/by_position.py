# Lists names by position instead of looking each label up.
# expect: look up each label's own name
def get_fashion_mnist_labels(labels):
    names = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot']
    return [names[i] for i in range(len(labels))]
