# expect: normalises over
class AddNorm(nn.Module):
    def __init__(self, normalized_shape, dropout, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm(normalized_shape[-1])

    def forward(self, X, Y):
        return self.ln(self.dropout(Y) + X)
