# b drawn like W instead of zeros.
# expect: b starts at zero
def init_params(num_inputs=784, num_outputs=10):
    W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
    return W, torch.normal(0, 0.01, size=(num_outputs,), requires_grad=True)
