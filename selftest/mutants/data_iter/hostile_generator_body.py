# Red team 13: the generator's body runs as the test iterates, after the guarded call that made it: F.mse_loss
# there was never seen.
# expect: called F.mse_loss
def data_iter(batch_size, features, labels):
    torch.nn.functional.mse_loss(features[:1, :1], features[:1, :1])
    indices = list(range(len(features)))
    random.shuffle(indices)
    for i in range(0, len(features), batch_size):
        batch = torch.tensor(indices[i: i + batch_size])
        yield features[batch], labels[batch]
