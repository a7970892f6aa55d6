# max_tokens is not passed on.
# expect: pass max_tokens on
def load_data_time_machine(batch_size, num_steps, use_random_iter=False, max_tokens=10000):
    data_iter = SeqDataLoader(batch_size, num_steps, use_random_iter, 10000)
    return data_iter, data_iter.vocab
