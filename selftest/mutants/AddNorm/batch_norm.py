# expect: uses BatchNorm
class AddNorm(nn.Module):
    def __init__(self, normalized_shape, dropout, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.BatchNorm1d(normalized_shape[-1])

    def forward(self, X, Y):
        return self.ln((self.dropout(Y) + X).permute(0, 2, 1)).permute(0, 2, 1)
