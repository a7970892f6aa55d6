# The learner typed the class names out of order ('sandal' and 'shirt' swapped).
# expect: in order are
def get_fashion_mnist_labels(labels):
    text_labels = ["t-shirt", "trouser", "pullover", "dress", "coat", "shirt", "sandal", "sneaker", "bag", "ankle boot"]
    return [text_labels[int(i)] for i in labels]
