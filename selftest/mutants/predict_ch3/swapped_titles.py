# The learner put the prediction above the true label.
# expect: true label first
def predict_ch3(net, test_iter, n=6):
    X, y = next(iter(test_iter))
    trues = d2l.get_fashion_mnist_labels(y)
    preds = d2l.get_fashion_mnist_labels(net(X).argmax(dim=1))
    titles = [pred + "\n" + true for true, pred in zip(trues, preds)]
    return d2l.show_images(X[0:n].reshape((n, 28, 28)), 1, n, titles=titles[0:n])
