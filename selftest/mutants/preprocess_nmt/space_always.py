# A space before every punctuation mark, even after a space.
# expect: only where there is none already
def preprocess_nmt(text):
    text = text.replace('\u202f', ' ').replace('\xa0', ' ').lower()
    out = [' ' + char if i > 0 and char in ',.!?' else char for i, char in enumerate(text)]
    return ''.join(out)
