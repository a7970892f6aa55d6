# Counter.most_common() sorts by frequency too (ties in first-seen order, as sorted does).
class Vocab:
    def __init__(self, tokens=None, min_freq=0, reserved_tokens=None):
        self._token_freqs = count_corpus(tokens or []).most_common()
        self.idx_to_token = ['<unk>', *(reserved_tokens or [])]
        self.idx_to_token += [t for t, f in self._token_freqs if f >= min_freq and t not in self.idx_to_token]
        self.token_to_idx = {t: i for i, t in enumerate(self.idx_to_token)}

    def __len__(self):
        return len(self.idx_to_token)

    def __getitem__(self, tokens):
        if isinstance(tokens, (list, tuple)):
            return [self[t] for t in tokens]
        return self.token_to_idx.get(tokens, self.unk)

    def to_tokens(self, indices):
        if isinstance(indices, (list, tuple)):
            return [self.idx_to_token[i] for i in indices]
        return self.idx_to_token[indices]

    @property
    def unk(self):
        return 0

    @property
    def token_freqs(self):
        return self._token_freqs
