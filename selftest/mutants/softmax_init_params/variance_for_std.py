# The variance 0.0001 where torch.normal takes the standard deviation.
# expect: 0.0001 is the variance
def init_params(num_inputs=784, num_outputs=10):
    W = torch.normal(0, 0.0001, size=(num_inputs, num_outputs), requires_grad=True)
    return W, torch.zeros(num_outputs, requires_grad=True)
