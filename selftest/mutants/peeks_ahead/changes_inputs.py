# inputs changed in place instead of a copy.
# expect: changed inputs


def peeks_ahead(net, inputs, device):
    b = inputs.shape[0]
    with torch.no_grad():
        Y, _ = net(inputs, net.begin_state(device, b))
        inputs[:, 1:] = (inputs[:, 1:] + 1) % net.vocab_size
        Y_later, _ = net(inputs, net.begin_state(device, b))
    return not torch.allclose(Y[:b], Y_later[:b])
