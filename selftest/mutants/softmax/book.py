# d2l's softmax as the book has it: exp(1000) overflows to inf. This stub asks for a softmax that is
# stable at logits of +-1000 (d2l only gets there in 3.7); the message says how.
# expect: exp overflowed
def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # 这里应用了广播机制
