# All-zero weights, like the biases: every hidden unit stays the same (symmetry is never broken).
# expect: is all zeros
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = nn.Parameter(torch.zeros(num_inputs, num_hiddens))
    b1 = nn.Parameter(torch.zeros(num_hiddens))
    W2 = nn.Parameter(torch.zeros(num_hiddens, num_outputs))
    b2 = nn.Parameter(torch.zeros(num_outputs))
    return [W1, b1, W2, b2]
