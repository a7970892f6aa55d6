# d2l's 784 and 10 typed in, ignoring the arguments.
# expect: use the arguments num_inputs and num_outputs
def init_params(num_inputs=784, num_outputs=10):
    W = torch.normal(0, 0.01, size=(784, 10), requires_grad=True)
    return W, torch.zeros(10, requires_grad=True)
