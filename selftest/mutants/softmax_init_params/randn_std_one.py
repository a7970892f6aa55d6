# torch.randn: std 1, not 0.01.
# expect: that of torch.randn
def init_params(num_inputs=784, num_outputs=10):
    W = torch.randn(num_inputs, num_outputs, requires_grad=True)
    return W, torch.zeros(num_outputs, requires_grad=True)
