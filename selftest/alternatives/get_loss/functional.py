# The functional form of the same loss.
def get_loss():
    import torch.nn.functional as F

    return F.mse_loss
