# Red team I46: +-0.01 with random signs instead of torch.randn(...) * 0.01.
# expect: distinct values
def init_params(num_inputs=784, num_hiddens=256, num_outputs=10):
    def signs(*shape):
        return nn.Parameter(((torch.randint(0, 2, shape) * 2 - 1) * 0.01).float())
    return [signs(num_inputs, num_hiddens), nn.Parameter(torch.zeros(num_hiddens)),
            signs(num_hiddens, num_outputs), nn.Parameter(torch.zeros(num_outputs))]
