# Red team I13: trains nothing and empties the list of batches it was given, from which the test trained its
# expected net after the call (no batches: the untrained net, which the learner's was).
# expect: the parameters never changed
def train(net, train_iter, loss, epochs, lr):
    train_iter.clear()
