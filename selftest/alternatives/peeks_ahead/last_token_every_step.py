# The last token changed, every prediction before the last step compared, returned as a tensor.


def peeks_ahead(net, inputs, device):
    b = inputs.shape[0]
    later = inputs.clone()
    later[:, -1] = (later[:, -1] + 1) % net.vocab_size
    with torch.no_grad():
        Y, _ = net(inputs, net.begin_state(device, batch_size=b))
        Y_later, _ = net(later, net.begin_state(device, batch_size=b))
    return (Y[:-b] - Y_later[:-b]).abs().max() > 1e-6
