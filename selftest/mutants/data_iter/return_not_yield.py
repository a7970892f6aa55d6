# return instead of yield: the function ends at the first batch.
# expect: `return` ends the function at the first batch
def data_iter(batch_size, features, labels):
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(indices), batch_size):
        j = torch.tensor(indices[i: i + batch_size])
        return features[j], labels[j]
