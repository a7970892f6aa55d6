# d2l's net and its initialisation, typed into get_net.
def get_net():
    # nn是神经网络的缩写
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.normal_(0, 0.01)
    net[0].bias.data.fill_(0)
    return net
