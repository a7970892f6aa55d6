# Forgets to shuffle.
# expect: original order
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    for i in range(0, num_examples, batch_size):
        j = torch.tensor(list(range(i, min(i + batch_size, num_examples))))
        yield features[j], labels[j]
