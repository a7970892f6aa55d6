# The learner scaled after asking for grad: W is computed, not a leaf, and never gets a .grad.
# expect: not a leaf
def init_params(num_inputs=784, num_outputs=10):
    W = torch.randn(num_inputs, num_outputs, requires_grad=True) * 0.01
    return W, torch.zeros(num_outputs, requires_grad=True)
