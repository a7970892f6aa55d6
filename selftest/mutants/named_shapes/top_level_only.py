# Only the direct children's own parameters: nested blocks are skipped.
# expect: missing the nested blocks
def named_shapes(net):
    return [(f"{n}.{pn}", p.shape) for n, child in net.named_children()
            for pn, p in child.named_parameters(recurse=False)]
