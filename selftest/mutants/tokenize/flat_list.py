# All tokens in one list, not one list per line.
# expect: one flat list
def tokenize(lines, token="word"):
    if token == "word":
        return [t for line in lines for t in line.split()]
    elif token == "char":
        return [c for line in lines for c in line]
    else:
        print("ERROR: unknown token type: " + token)
