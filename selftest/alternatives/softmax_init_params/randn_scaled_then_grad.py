# Scale first, then ask for grad: W is still a leaf.
def init_params(num_inputs=784, num_outputs=10):
    W = (torch.randn(num_inputs, num_outputs) * 0.01).requires_grad_()
    b = torch.zeros(num_outputs).requires_grad_()
    return W, b
