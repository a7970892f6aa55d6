# Red team I23: no random draw at all: the offset cycles with each call and the subsequences come in reverse order.
# expect: shuffle the start indices anew on every pass
_calls = [0]


def seq_data_iter_random(corpus, batch_size, num_steps):
    _calls[0] += 1
    corpus = corpus[_calls[0] % num_steps:]
    num_subseqs = (len(corpus) - 1) // num_steps
    initial_indices = list(range(0, num_subseqs * num_steps, num_steps))[::-1]
    num_batches = num_subseqs // batch_size
    for i in range(0, batch_size * num_batches, batch_size):
        starts = initial_indices[i: i + batch_size]
        yield (torch.tensor([corpus[j: j + num_steps] for j in starts]),
               torch.tensor([corpus[j + 1: j + 1 + num_steps] for j in starts]))
