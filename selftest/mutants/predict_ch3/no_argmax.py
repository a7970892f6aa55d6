# Looks up names for the rows of scores instead of the predicted classes.
# expect: net(X).argmax(axis=1), before looking up its name
def predict_ch3(net, test_iter, n=6):
    X, y = next(iter(test_iter))
    trues = d2l.get_fashion_mnist_labels(y)
    preds = d2l.get_fashion_mnist_labels(net(X))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)]
    return d2l.show_images(X[0:n].reshape((n, 28, 28)), 1, n, titles=titles[0:n])
