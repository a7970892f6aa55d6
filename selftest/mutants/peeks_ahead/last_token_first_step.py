# Only the last token changed, and only step 0 compared: a model that reads just the next token is missed.
# expect: reads token t + 1


def peeks_ahead(net, inputs, device):
    b = inputs.shape[0]
    later = inputs.clone()
    later[:, -1] = (later[:, -1] + 1) % net.vocab_size
    with torch.no_grad():
        Y, _ = net(inputs, net.begin_state(device, b))
        Y_later, _ = net(later, net.begin_state(device, b))
    return not torch.allclose(Y[:b], Y_later[:b])
