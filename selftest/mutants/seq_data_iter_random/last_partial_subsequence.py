# No token kept back for the last subsequence's labels.
# expect: ran past the end of the corpus
def seq_data_iter_random(corpus, batch_size, num_steps):
    # a random offset (0 to num_steps - 1) partitions the sequence differently on every epoch
    corpus = corpus[random.randint(0, num_steps - 1):]
    num_subseqs = len(corpus) // num_steps  # - 1: the last token only serves as a label
    initial_indices = list(range(0, num_subseqs * num_steps, num_steps))
    random.shuffle(initial_indices)  # neighbouring minibatches are not neighbours in the text

    def data(pos):
        return corpus[pos: pos + num_steps]

    num_batches = num_subseqs // batch_size
    for i in range(0, batch_size * num_batches, batch_size):
        initial_indices_per_batch = initial_indices[i: i + batch_size]
        X = [data(j) for j in initial_indices_per_batch]
        Y = [data(j + 1) for j in initial_indices_per_batch]
        yield torch.tensor(X), torch.tensor(Y)
