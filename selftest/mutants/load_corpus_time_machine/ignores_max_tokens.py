# max_tokens is ignored.
# expect: keep the first max_tokens
def load_corpus_time_machine(max_tokens=-1):
    lines = read_time_machine()
    tokens = tokenize(lines, "char")
    vocab = Vocab(tokens)
    # the lines are not sentences or paragraphs: flatten them into one sequence
    corpus = [vocab[token] for line in tokens for token in line]
    return corpus, vocab
