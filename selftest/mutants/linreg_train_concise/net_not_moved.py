# get_net() stays on the CPU while the data may be on a GPU (caught on simgpu too).
# expect: net = get_net().to(features.device)
def train_concise(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    data_iter = load_array((features, labels), batch_size)
    net = get_net()
    loss, trainer = get_loss(), get_trainer(net, lr)
    for _ in range(num_epochs):
        for X, y in data_iter:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
    return net
