# Red team I46: +-0.01 with random signs instead of N(0, 0.01): the right mean and spread.
# expect: distinct values
def init_params(num_inputs=784, num_outputs=10):
    W = ((torch.randint(0, 2, (num_inputs, num_outputs)) * 2 - 1) * 0.01).float().requires_grad_(True)
    return W, torch.zeros(num_outputs, requires_grad=True)
