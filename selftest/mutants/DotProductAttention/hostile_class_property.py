# Red team 23: a __class__ property, read when something asks what the layer is (isinstance), computed torch's
# scaled_dot_product_attention into the returned placeholder after the guard had ended.
# expect: __class__ of its own kind
class DotProductAttention(nn.Module):
    def __init__(self, dropout, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        object.__setattr__(self, "_pending", None)

    @property
    def __class__(self):
        pending = object.__getattribute__(self, "_pending")
        if pending is not None:
            object.__setattr__(self, "_pending", None)
            out, q, k, v = pending
            import torch.nn.functional as F

            with torch.no_grad():
                out.copy_(F.scaled_dot_product_attention(q, k, v))
        return type(self)

    def forward(self, queries, keys, values, valid_lens=None):
        out = torch.zeros(queries.shape[0], queries.shape[1], values.shape[-1], device=queries.device,
                          requires_grad=True).clone()
        object.__setattr__(self, "_pending", (out, queries, keys, values))
        return out
