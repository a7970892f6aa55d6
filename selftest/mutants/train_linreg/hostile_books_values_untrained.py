# Red team I45: never trains; returns d2l's true parameters, the constants the test drew its data with, and calls sgd
# for show with a third tensor, so the spy's gradient and "trained" checks (one weight, one bias) were skipped.
# expect: sgd was given 3 parameter(s)
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    w = torch.tensor([[2.0], [-3.4]], device=features.device)
    b = torch.tensor([4.2], device=features.device)
    extra = torch.zeros(1, device=features.device)
    for p in (w, b, extra):
        p.grad = torch.zeros_like(p)
    for _ in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            sgd([w, b, extra], lr, batch_size)
            break
    return w, b
