# num_dims=4 after the Linear layers too: gamma (1, 120, 1, 1) turns (N, 120) into (1, 120, N, 120).
# expect: num_dims=2 after a Linear
def bn_lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5), BatchNorm(6, num_dims=4), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), BatchNorm(16, num_dims=4), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), BatchNorm(120, num_dims=4), nn.Sigmoid(),
        nn.Linear(120, 84), BatchNorm(84, num_dims=4), nn.Sigmoid(),
        nn.Linear(84, 10))
