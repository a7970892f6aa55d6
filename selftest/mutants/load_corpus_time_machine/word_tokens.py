# Tokenized by words (4580 tokens), not characters.
# expect: tokenize by characters
def load_corpus_time_machine(max_tokens=-1):
    lines = read_time_machine()
    tokens = tokenize(lines, "word")
    vocab = Vocab(tokens)
    # the lines are not sentences or paragraphs: flatten them into one sequence
    corpus = [vocab[token] for line in tokens for token in line]
    if max_tokens > 0:
        corpus = corpus[:max_tokens]
    return corpus, vocab
