# torch.randperm gives the shuffled indices as a tensor.
def data_iter(batch_size, features, labels):
    indices = torch.randperm(len(features))
    for i in range(0, len(features), batch_size):
        j = indices[i: i + batch_size]
        yield features[j], labels[j]
