# Kaiming (He) instead of Xavier: another bound.
# expect: use nn.init.xavier_uniform_
def init_xavier(m):
    if type(m) == nn.Linear:
        nn.init.kaiming_uniform_(m.weight)
