# Red team I46: every weight one constant just under Xavier's bound: past the default's, within Xavier's; every
# hidden unit then the same.
# expect: distinct values
import math

def get_net():
    net = nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10, 1))
    with torch.no_grad():
        for m in (net[0], net[2]):
            m.weight.fill_(0.999 * math.sqrt(6 / (m.in_features + m.out_features)))
    return net
