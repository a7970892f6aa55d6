# The first token changed: every model's predictions change from there on.
# expect: compare the predictions made at that step


def peeks_ahead(net, inputs, device):
    b = inputs.shape[0]
    other = inputs.clone()
    other[:, 0] = (other[:, 0] + 1) % net.vocab_size
    with torch.no_grad():
        Y, _ = net(inputs, net.begin_state(device, b))
        Y_other, _ = net(other, net.begin_state(device, b))
    return not torch.allclose(Y[:b], Y_other[:b])
