# Plain tensors: nothing requires grad, so backward never reaches them.
# expect: wrap W1 in nn.Parameter
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = torch.randn(num_inputs, num_hiddens) * 0.01
    b1 = torch.zeros(num_hiddens)
    W2 = torch.randn(num_hiddens, num_outputs) * 0.01
    b2 = torch.zeros(num_outputs)
    return [W1, b1, W2, b2]
