# pred passed as (batch, steps, vocab).
# expect: classes on dim 1

class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    def forward(self, pred, label, valid_len):
        weights = torch.ones_like(label)
        weights = sequence_mask(weights, valid_len)
        self.reduction = 'none'
        unweighted_loss = super().forward(pred, label)
        return (unweighted_loss * weights).sum(dim=1)
