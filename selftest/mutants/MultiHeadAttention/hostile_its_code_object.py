# Red team 25: F.multi_head_attention_forward's own code object run under globals in which has_torch_function says
# False: the function mode never saw the call, and its ops (linear, bmm, softmax) are the exercise's own.
# expect: F.multi_head_attention_forward
class MultiHeadAttention(nn.Module):
    def __init__(self, key_size, query_size, value_size, num_hiddens, num_heads, dropout, bias=False, **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.dropout = dropout
        self.W_q = nn.Linear(query_size, num_hiddens, bias=bias)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=bias)
        self.W_v = nn.Linear(value_size, num_hiddens, bias=bias)
        self.W_o = nn.Linear(num_hiddens, num_hiddens, bias=bias)

    def forward(self, queries, keys, values, valid_lens):
        import types

        import torch.nn.functional as F

        mha = types.FunctionType(F.multi_head_attention_forward.__code__,
                                 dict(vars(F), has_torch_function=lambda *a: False),
                                 "multi_head_attention_forward", F.multi_head_attention_forward.__defaults__)
        mha.__kwdefaults__ = F.multi_head_attention_forward.__kwdefaults__
        q, k, v = self.W_q(queries), self.W_k(keys), self.W_v(values)
        e = q.shape[-1]
        eye = torch.eye(e, dtype=q.dtype, device=q.device)
        zero = torch.zeros(e, dtype=q.dtype, device=q.device)
        out, _ = mha(q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1), e, self.num_heads, None, None, None,
                     None, False, self.dropout, self.W_o.weight, zero, training=self.training, need_weights=True,
                     use_separate_proj_weight=True, q_proj_weight=eye, k_proj_weight=eye, v_proj_weight=eye)
        return out.transpose(0, 1)
