# Red team 12: flex attention's math_attention, torch's own Python attention (its softmax included), with the
# valid lengths as a score modifier.
# expect: torch's own Python code
import math


class DotProductAttention(nn.Module):
    def __init__(self, dropout, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        from torch._higher_order_ops.flex_attention import math_attention

        B, nq, d = queries.shape
        nk = keys.shape[1]
        L = (torch.full((B, nq), nk, device=queries.device) if valid_lens is None else
             valid_lens.reshape(B, 1).expand(B, nq) if valid_lens.dim() == 1 else valid_lens.reshape(B, nq))

        def score(s, b, h, m, n):
            return torch.where(n < L[b, m], s, torch.full_like(s, -1e6))

        q, k = queries.unsqueeze(1), keys.unsqueeze(1)
        eye = torch.eye(nk, device=queries.device, dtype=queries.dtype).expand(B, 1, nk, nk)
        self.attention_weights = math_attention(q, k, eye, score, (lambda b, h, m, n: n >= 0,), 1 / math.sqrt(d),
                                                {})[0].squeeze(1)
        return torch.bmm(self.dropout(self.attention_weights), values)
