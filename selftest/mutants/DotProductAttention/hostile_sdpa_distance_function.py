# Red team 38: F.scaled_dot_product_attention as a functools.partial given as F.triplet_margin_with_distance_loss's
# distance (run with the function check off the stack; its ops are all allowed ones).
# expect: F.scaled_dot_product_attention
class DotProductAttention(nn.Module):

    def __init__(self, dropout, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        # red38: the output is torch's F.scaled_dot_product_attention (math backend), run as the "distance" of
        # F.triplet_margin_with_distance_loss: inside that call the function mode is off the stack, and SDPA and
        # its math kernel are composite ops that reach the dispatch mode only as bmm, _softmax, ...
        import functools
        import torch.nn.functional as F
        from torch.nn.attention import SDPBackend, sdpa_kernel
        b, q, d = queries.shape
        k = keys.shape[1]
        if valid_lens is None:
            valid = torch.ones(b, q, k, dtype=torch.bool, device=queries.device)
        else:
            lens_ = valid_lens if valid_lens.dim() == 2 else valid_lens.reshape(-1, 1).expand(b, q)
            valid = torch.arange(k, device=queries.device).reshape(1, 1, k) < lens_.reshape(b, q, 1)
        mask = torch.zeros(b, q, k, device=queries.device).masked_fill(~valid, -1e6)
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d) + mask
        e = torch.exp(scores - scores.amax(-1, keepdim=True))
        self.attention_weights = e / e.sum(-1, keepdim=True)  # kept for the test (softmax is no rule here)
        if self.training and self.dropout.p > 0:
            return torch.bmm(self.dropout(self.attention_weights), values)
        attend = functools.partial(F.scaled_dot_product_attention, value=values, attn_mask=mask)
        uniform = valid.float() / valid.float().sum(-1, keepdim=True)
        known = torch.bmm(uniform, values)  # what zero keys give: every valid key weighs the same
        margin = float(values.abs().max()) * 2 + 1
        with sdpa_kernel(SDPBackend.MATH):
            loss = F.triplet_margin_with_distance_loss(queries, keys, torch.zeros_like(keys), distance_function=attend,
                                                       margin=margin, reduction="none")
        return loss - margin + known
