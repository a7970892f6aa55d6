# fill_ on .data: outside autograd, like d2l's own m.weight.data edits.
def init_42(m):
    if type(m) == nn.Linear:
        m.weight.data.fill_(42)
