# The vocabularies without <pad>, <bos>, <eos>.
# expect: reserved_tokens
def load_data_nmt(batch_size, num_steps, num_examples=600):
    text = preprocess_nmt(read_data_nmt())
    source, target = tokenize_nmt(text, num_examples)
    src_vocab = d2l.Vocab(source, min_freq=2)
    tgt_vocab = d2l.Vocab(target, min_freq=2)
    src_array, src_valid_len = build_array_nmt(source, src_vocab, num_steps)
    tgt_array, tgt_valid_len = build_array_nmt(target, tgt_vocab, num_steps)
    return d2l.load_array((src_array, src_valid_len, tgt_array, tgt_valid_len), batch_size), src_vocab, tgt_vocab
