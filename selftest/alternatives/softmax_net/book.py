# d2l's net, with W and b as arguments.
def net(X, W, b):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)
