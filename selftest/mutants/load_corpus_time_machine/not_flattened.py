# One list of indices per line.
# expect: flatten the lines
def load_corpus_time_machine(max_tokens=-1):
    lines = read_time_machine()
    tokens = tokenize(lines, "char")
    vocab = Vocab(tokens)
    # the lines are not sentences or paragraphs: flatten them into one sequence
    corpus = [vocab[line] for line in tokens]
    if max_tokens > 0:
        corpus = corpus[:max_tokens]
    return corpus, vocab
