# Shuffles features and labels with different permutations.
# expect: no longer match
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    fi, li = list(range(num_examples)), list(range(num_examples))
    random.shuffle(fi)
    random.shuffle(li)
    for i in range(0, num_examples, batch_size):
        yield features[torch.tensor(fi[i: i + batch_size])], labels[torch.tensor(li[i: i + batch_size])]
