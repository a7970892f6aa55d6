# Batch norm after the activation in the dense part only (the convolutional part right).
# expect: not after the sigmoid
def bn_lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5), BatchNorm(6, num_dims=4), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), BatchNorm(16, num_dims=4), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), nn.Sigmoid(), BatchNorm(120, num_dims=2),
        nn.Linear(120, 84), nn.Sigmoid(), BatchNorm(84, num_dims=2),
        nn.Linear(84, 10))
