# The learner initialised every module; nn.Flatten has no weight.
# expect: type(m) == nn.Linear
def init_weights(m):
    nn.init.normal_(m.weight, std=0.01)
