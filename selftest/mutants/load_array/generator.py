# Copies 3.2's data_iter: a generator, exhausted after the first epoch.
# expect: can be iterated only once
import random


def load_array(data_arrays, batch_size, is_train=True):
    features, labels = data_arrays
    indices = list(range(len(features)))
    if is_train:
        random.shuffle(indices)
    for i in range(0, len(indices), batch_size):
        j = torch.tensor(indices[i: i + batch_size])
        yield features[j], labels[j]
