# Stops before the last, partial batch.
# expect: last, partial batch
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples - batch_size + 1, batch_size):
        j = torch.tensor(indices[i: i + batch_size])
        yield features[j], labels[j]
