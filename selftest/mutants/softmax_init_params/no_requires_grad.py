# The learner forgot requires_grad.
# expect: requires_grad=True
def init_params(num_inputs=784, num_outputs=10):
    return torch.normal(0, 0.01, size=(num_inputs, num_outputs)), torch.zeros(num_outputs)
