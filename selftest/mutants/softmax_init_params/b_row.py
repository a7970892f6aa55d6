# b as a (1, q) row.
# expect: one bias per class
def init_params(num_inputs=784, num_outputs=10):
    W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
    return W, torch.zeros(1, num_outputs, requires_grad=True)
