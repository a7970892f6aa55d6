# French as the source.
# expect: source and target are swapped
def tokenize_nmt(text, num_examples=None):
    source, target = [], []
    for i, line in enumerate(text.split('\n')):
        if num_examples and i > num_examples:
            break
        parts = line.split('\t')
        if len(parts) == 2:
            source.append(parts[1].split(' '))
            target.append(parts[0].split(' '))
    return source, target
