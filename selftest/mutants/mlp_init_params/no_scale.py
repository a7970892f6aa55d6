# The * 0.01 is forgotten: weights ~ N(0, 1).
# expect: expected 0.01
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens))
    b1 = nn.Parameter(torch.zeros(num_hiddens))
    W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs))
    b2 = nn.Parameter(torch.zeros(num_outputs))
    return [W1, b1, W2, b2]
