# Forgets the initialisation: PyTorch's default (Kaiming-uniform) weights are large.
# expect: default initialisation
def get_net():
    return nn.Sequential(nn.Linear(2, 1))
