# Red team I27: a list of tokens gives [] and is emptied; the test computed what it expected after the lookup, from
# the emptied list, and got [] too (in both modes).
# expect: changed the list it was given
_Book = Vocab


class Vocab(_Book):
    def __getitem__(self, tokens):
        if isinstance(tokens, list):
            tokens.clear()
            return []
        return super().__getitem__(tokens)
