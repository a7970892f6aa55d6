# Every parameter set to 42, the bias included.
# expect: changed layer 0's bias
def init_42(m):
    if type(m) == nn.Linear:
        for p in m.parameters():
            nn.init.constant_(p, 42)
