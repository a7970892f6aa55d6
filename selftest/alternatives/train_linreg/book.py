# d2l's training loop typed into the stub: w (2, 1) as in the book, with the book's per-epoch print, and w, b
# made on features.device as the stub asks (the book's CPU ones are the mutant train_linreg/params_on_cpu).
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True, device=features.device)
    b = torch.zeros(1, requires_grad=True, device=features.device)
    net = linreg
    loss = squared_loss
    for epoch in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            l = loss(net(X, w, b), y)  # `X`和`y`的小批量损失
            # 因为`l`形状是(`batch_size`, 1)，而不是一个标量。`l`中的所有元素被加到一起，
            # 并以此计算关于[`w`, `b`]的梯度
            l.sum().backward()
            sgd([w, b], lr, batch_size)  # 使用参数的梯度更新参数
        with torch.no_grad():
            train_l = loss(net(features, w, b), labels)
            print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')
    return w, b
