# random.shuffle on the features tensor itself (and the labels separately): rows are duplicated through views.
# expect: random.shuffle on a tensor
def data_iter(batch_size, features, labels):
    random.shuffle(features)
    random.shuffle(labels)
    for i in range(0, len(features), batch_size):
        yield features[i: i + batch_size], labels[i: i + batch_size]
