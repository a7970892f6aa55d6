# A layer made with NiN's sizes whose weight was swapped afterwards for a smaller one, the count made up by an
# unused parameter: its line still says kernel_size=11.
# expect: but holds weight (96, 1, 3, 3)
import torch

_reference_nin = nin  # the reference's, defined above this file's


def nin():
    net = _reference_nin()
    net[0][0].weight = nn.Parameter(torch.zeros(96, 1, 3, 3))
    net[0][0].register_parameter("unused", nn.Parameter(torch.zeros(96 * (11 * 11 - 3 * 3))))
    return net
