# i already steps by batch_size, and is multiplied by it again: empty batches after the first.
# expect: already steps by batch_size
def data_iter(batch_size, features, labels):
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(indices), batch_size):
        j = torch.tensor(indices[i * batch_size: (i + 1) * batch_size], dtype=torch.long)
        yield features[j], labels[j]
