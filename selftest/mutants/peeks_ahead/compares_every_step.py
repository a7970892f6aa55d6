# The later tokens changed, but every step's prediction compared, those after the change too.
# expect: compare the predictions made at that step


def peeks_ahead(net, inputs, device):
    b = inputs.shape[0]
    later = inputs.clone()
    later[:, 1:] = (later[:, 1:] + 1) % net.vocab_size
    with torch.no_grad():
        Y, _ = net(inputs, net.begin_state(device, b))
        Y_later, _ = net(later, net.begin_state(device, b))
    return not torch.allclose(Y, Y_later)
