# Red team I15: no training; sgd called for show on stand-ins with zero gradients, the least-squares fit returned.
# expect: gradients that are not those of the loss
def train_linreg(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    for _ in range(num_epochs):
        for _X, _y in data_iter(batch_size, features, labels):
            dw = torch.zeros(features.shape[1], 1, requires_grad=True, device=features.device)
            db = torch.zeros(1, requires_grad=True, device=features.device)
            dw.grad, db.grad = torch.zeros_like(dw), torch.zeros_like(db)
            sgd([dw, db], lr, batch_size)
    A = torch.cat([features, torch.ones(len(features), 1, device=features.device)], 1)
    sol = torch.linalg.lstsq(A.cpu(), labels.reshape(-1, 1).cpu()).solution.to(features.device)
    return sol[:-1].clone().requires_grad_(True), sol[-1:].reshape(1).clone().requires_grad_(True)
