# Indexing with a plain list of ints works as well as a tensor of them.
def data_iter(batch_size, features, labels):
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(indices), batch_size):
        j = indices[i:i + batch_size]
        yield features[j], labels[j]
