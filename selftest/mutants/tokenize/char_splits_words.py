# token='char' splits at spaces.
# expect: split into words
def tokenize(lines, token="word"):
    if token == "word":
        return [line.split() for line in lines]
    elif token == "char":
        return [line.split() for line in lines]
    else:
        print("ERROR: unknown token type: " + token)
