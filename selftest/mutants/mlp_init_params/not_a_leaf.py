# requires_grad=True and then * 0.01: W1 is the result of an operation, not a leaf; it gets no .grad.
# expect: should be a trainable leaf
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = torch.randn(num_inputs, num_hiddens, requires_grad=True) * 0.01
    b1 = torch.zeros(num_hiddens, requires_grad=True)
    W2 = torch.randn(num_hiddens, num_outputs, requires_grad=True) * 0.01
    b2 = torch.zeros(num_outputs, requires_grad=True)
    return [W1, b1, W2, b2]
