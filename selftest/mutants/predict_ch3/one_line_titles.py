# The two labels joined by a space: one line.
# expect: join the true and the predicted label with a newline
def predict_ch3(net, test_iter, n=6):
    X, y = next(iter(test_iter))
    trues = d2l.get_fashion_mnist_labels(y)
    preds = d2l.get_fashion_mnist_labels(net(X).argmax(axis=1))
    titles = [true + " " + pred for true, pred in zip(trues, preds)]
    return d2l.show_images(X[0:n].reshape((n, 28, 28)), 1, n, titles=titles[0:n])
