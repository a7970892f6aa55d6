# use_random_iter is not passed on.
# expect: use seq_data_iter_random then
def load_data_time_machine(batch_size, num_steps, use_random_iter=False, max_tokens=10000):
    data_iter = SeqDataLoader(batch_size, num_steps, False, max_tokens)
    return data_iter, data_iter.vocab
