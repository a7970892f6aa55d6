# The weights are written (out, in), as nn.Linear stores them, so X @ W1 does not fit.
# expect: they are transposed
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = nn.Parameter(torch.randn(num_hiddens, num_inputs) * 0.01)
    b1 = nn.Parameter(torch.zeros(num_hiddens))
    W2 = nn.Parameter(torch.randn(num_outputs, num_hiddens) * 0.01)
    b2 = nn.Parameter(torch.zeros(num_outputs))
    return [W1, b1, W2, b2]
