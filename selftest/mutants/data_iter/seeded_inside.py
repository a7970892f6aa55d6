# Seeds inside data_iter: the same order on every call.
# expect: same order on two calls
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.Random(0).shuffle(indices)
    for i in range(0, num_examples, batch_size):
        j = torch.tensor(indices[i: i + batch_size])
        yield features[j], labels[j]
