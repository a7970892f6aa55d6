# Red team I41: never looks at the net; answers by how many times it was called (the test's nets once came in a
# fixed order: one way, both ways, the honest oracle, the peeking one).
# expect: peeks_ahead(net, inputs, device) for
_calls = [0]


def peeks_ahead(net, inputs, device):
    _calls[0] += 1
    return _calls[0] % 2 == 0
