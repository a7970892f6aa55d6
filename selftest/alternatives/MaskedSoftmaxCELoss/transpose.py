# transpose(1, 2) instead of permute, and the mask as a float.

class MaskedSoftmaxCELoss(nn.CrossEntropyLoss):
    def forward(self, pred, label, valid_len):
        weights = torch.ones(label.shape, device=label.device)
        weights = sequence_mask(weights, valid_len)
        self.reduction = 'none'
        unweighted_loss = super().forward(pred.transpose(1, 2), label)
        return (unweighted_loss * weights).sum(dim=1)
