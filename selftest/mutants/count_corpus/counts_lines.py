# A 2D list is counted line by line (its lines are the items).
# expect: counted the lines themselves
def count_corpus(tokens):
    return collections.Counter(tokens)
