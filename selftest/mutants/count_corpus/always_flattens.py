# A 1D list of words is flattened into characters.
# expect: counted characters
def count_corpus(tokens):
    tokens = [token for line in tokens for token in line]  # flatten the lines into one list
    return collections.Counter(tokens)
