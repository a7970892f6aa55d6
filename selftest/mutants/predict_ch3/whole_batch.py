# Draws the whole batch, ignoring n.
# expect: show_images(..., 1, n) draws one row of n images
def predict_ch3(net, test_iter, n=6):
    X, y = next(iter(test_iter))
    trues = d2l.get_fashion_mnist_labels(y)
    preds = d2l.get_fashion_mnist_labels(net(X).argmax(axis=1))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)]
    return d2l.show_images(X.reshape((-1, 28, 28)), 1, len(X), titles=titles)
