# Shuffles once and keeps that order: every epoch sees the same batches.
# expect: same order on two calls
_ORDER = {}


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    if num_examples not in _ORDER:
        _ORDER[num_examples] = list(range(num_examples))
        random.shuffle(_ORDER[num_examples])
    indices = _ORDER[num_examples]
    for i in range(0, num_examples, batch_size):
        j = torch.tensor(indices[i: i + batch_size])
        yield features[j], labels[j]
