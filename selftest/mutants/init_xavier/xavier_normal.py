# Xavier, but the normal variant: unbounded values.
# expect: xavier_uniform_ (not xavier_normal_)
def init_xavier(m):
    if type(m) == nn.Linear:
        nn.init.xavier_normal_(m.weight)
