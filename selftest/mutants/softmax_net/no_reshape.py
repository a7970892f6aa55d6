# The learner multiplied the (batch, 1, h, w) images by W without flattening them.
# expect: flatten each image
def net(X, W, b):
    return softmax(torch.matmul(X, W) + b)
