# The bias is zeroed as in init_normal; d2l's init_xavier leaves it.
# expect: changed layer 0's bias
def init_xavier(m):
    if type(m) == nn.Linear:
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
