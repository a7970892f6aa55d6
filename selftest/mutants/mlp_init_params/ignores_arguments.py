# d2l's module-level sizes copied in: the arguments are never used.
# expect: init_params ignored them
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    W1 = nn.Parameter(torch.randn(784, 256) * 0.01)
    b1 = nn.Parameter(torch.zeros(256))
    W2 = nn.Parameter(torch.randn(256, 10) * 0.01)
    b2 = nn.Parameter(torch.zeros(10))
    return [W1, b1, W2, b2]
