# Red team I23: no shuffle, an order by a rule that changes on each call (reversed, the first two swapped every other
# call): never the original order, never the same twice in a row.
# expect: shuffle the indices anew on every call
_calls = [0]


def data_iter(batch_size, features, labels):
    _calls[0] += 1
    indices = list(range(len(features)))[::-1]
    if _calls[0] % 2:
        indices[0], indices[1] = indices[1], indices[0]
    for i in range(0, len(indices), batch_size):
        j = torch.tensor(indices[i: i + batch_size])
        yield features[j], labels[j]
