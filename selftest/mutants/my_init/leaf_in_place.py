# The mask applied to the parameter itself, outside no_grad: autograd refuses (d2l uses .data).
# expect: change parameters through nn.init
def my_init(m):
    if type(m) == nn.Linear:
        nn.init.uniform_(m.weight, -10, 10)
        m.weight *= m.weight.abs() >= 5
