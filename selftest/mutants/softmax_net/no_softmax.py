# The learner returned the logits.
# expect: apply softmax
def net(X, W, b):
    return torch.matmul(X.reshape((-1, W.shape[0])), W) + b
