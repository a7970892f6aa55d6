# torch.normal(0, 0.01, size) draws the same distribution as torch.randn(...) * 0.01.
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = nn.Parameter(torch.normal(0, 0.01, (num_inputs, num_hiddens)))
    W2 = nn.Parameter(torch.normal(0, 0.01, (num_hiddens, num_outputs)))
    return [W1, nn.Parameter(torch.zeros(num_hiddens)), W2, nn.Parameter(torch.zeros(num_outputs))]
