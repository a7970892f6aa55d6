# d2l's W and b, made by init_params.
def init_params(num_inputs=784, num_outputs=10):
    W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
    b = torch.zeros(num_outputs, requires_grad=True)
    return W, b
