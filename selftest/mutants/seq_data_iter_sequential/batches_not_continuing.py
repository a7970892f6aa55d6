# Each minibatch holds neighbouring windows, so its rows do not continue the previous minibatch's.
# expect: must continue row i
def seq_data_iter_sequential(corpus, batch_size, num_steps):
    offset = random.randint(0, num_steps)
    num_tokens = ((len(corpus) - offset - 1) // batch_size) * batch_size
    Xs = torch.tensor(corpus[offset: offset + num_tokens])
    Ys = torch.tensor(corpus[offset + 1: offset + 1 + num_tokens])
    n = len(Xs) // num_steps
    Xs, Ys = Xs[: n * num_steps].reshape(n, num_steps), Ys[: n * num_steps].reshape(n, num_steps)
    for i in range(0, n - batch_size + 1, batch_size):  # neighbouring windows in a row of the minibatch
        yield Xs[i: i + batch_size], Ys[i: i + batch_size]
