# Xavier on the bias too: a vector has no fan in and fan out.
# expect: initialise m.weight only
def init_xavier(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
        nn.init.xavier_uniform_(m.bias)
