# The plotted loss is MSELoss's, not halved to match squared_loss.
# expect: not halved
def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    net = nn.Sequential(nn.Linear(5, 1))
    torch.nn.init.normal_(net[0].weight, std=0.01)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss(reduction="none")
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", xlim=[0, num_epochs], ylim=[0.22, 0.35])
    n = 0
    for _ in range(num_epochs):
        for X, y in data_iter:
            optimizer.zero_grad()
            out = net(X)
            l = loss(out, y.reshape(out.shape))
            l.mean().backward()
            optimizer.step()
            n += X.shape[0]
            if n % 200 == 0:
                animator.add(n / X.shape[0] / len(data_iter), (d2l.evaluate_loss(net, data_iter, loss),))

