# normal_(w, 0.01): the second positional argument is the mean, so std stays 1.
# expect: sets the mean
def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, 0.01)
