# Samples indices with replacement: some examples twice, some never.
# expect: twice
def data_iter(batch_size, features, labels):
    num_examples = len(features)
    for i in range(0, num_examples, batch_size):
        j = torch.randint(0, num_examples, (min(batch_size, num_examples - i),))
        yield features[j], labels[j]
