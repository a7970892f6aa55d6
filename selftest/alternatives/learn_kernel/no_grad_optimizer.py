# The same steps with torch.optim.SGD (zero_grad, backward on the sum, step).
def learn_kernel(X, Y, num_epochs=10, lr=3e-2):
    conv2d = nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False, device=X.device)
    trainer = torch.optim.SGD(conv2d.parameters(), lr=lr)
    X, Y = X[None, None], Y[None, None]
    for _ in range(num_epochs):
        trainer.zero_grad()
        ((conv2d(X) - Y) ** 2).sum().backward()
        trainer.step()
    return conv2d
