# The learner passed (n, 1, 28, 28) images to show_images: imshow cannot draw (1, 28, 28).
# expect: reshape X[0:n]
def predict_ch3(net, test_iter, n=6):
    X, y = next(iter(test_iter))
    trues = d2l.get_fashion_mnist_labels(y)
    preds = d2l.get_fashion_mnist_labels(net(X).argmax(dim=1))
    titles = [true + "\n" + pred for true, pred in zip(trues, preds)]
    return d2l.show_images(X[0:n], 1, n, titles=titles[0:n])
