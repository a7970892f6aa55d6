# The learner never applied init_weights.
# expect: default initialisation
def get_net():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
