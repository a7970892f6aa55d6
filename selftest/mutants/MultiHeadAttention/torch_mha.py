# torch's own multi-head attention: not allowed here.
# expect: nn.MultiheadAttention
class MultiHeadAttention(nn.Module):
    def __init__(self, key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.W_q = nn.Linear(query_size, num_hiddens, bias=bias)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=bias)
        self.W_v = nn.Linear(value_size, num_hiddens, bias=bias)
        self.W_o = nn.Linear(num_hiddens, num_hiddens, bias=bias)

    def forward(self, queries, keys, values, valid_lens):
        mha = nn.MultiheadAttention(self.W_q.out_features, self.num_heads, batch_first=True)
        return self.W_o(mha(self.W_q(queries), self.W_k(keys), self.W_v(values))[0])
