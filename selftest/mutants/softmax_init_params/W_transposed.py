# W as (num_outputs, num_inputs), an nn.Linear weight's layout.
# expect: W maps inputs to outputs
def init_params(num_inputs=784, num_outputs=10):
    W = torch.normal(0, 0.01, size=(num_outputs, num_inputs), requires_grad=True)
    return W, torch.zeros(num_outputs, requires_grad=True)
