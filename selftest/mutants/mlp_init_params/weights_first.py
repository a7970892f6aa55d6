# Weights first, then biases: net's W1, b1, W2, b2 = params gets them mixed up.
# expect: in the order [W1, b1, W2, b2]
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * 0.01)
    W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * 0.01)
    b1 = nn.Parameter(torch.zeros(num_hiddens))
    b2 = nn.Parameter(torch.zeros(num_outputs))
    return [W1, W2, b1, b2]
