# d2l's squared_loss, as the book has it (d2l.reshape is torch.reshape).
def squared_loss(y_hat, y):
    """均方损失。"""
    return (y_hat - torch.reshape(y, y_hat.shape)) ** 2 / 2
