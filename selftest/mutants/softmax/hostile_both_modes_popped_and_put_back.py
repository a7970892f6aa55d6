# Red team 148: both of the check's modes popped off torch's stacks, torch.softmax computed with none on, and both
# pushed back before the next torch call: torch reads a mode's key as it goes on the stack, and the dispatch check
# counts the pushes it was not given.
# expect: switched off torch's dispatch
def softmax(X):
    dispatch = [torch._C._pop_torch_dispatch_stack(None) for _ in range(torch._C._len_torch_dispatch_stack())]
    function = [torch._C._pop_torch_function_stack() for _ in range(torch._C._len_torch_function_stack())]
    try:
        out = torch.softmax(X.detach(), 1)
    finally:
        for mode in reversed(function):
            torch._C._push_on_torch_function_stack(mode)
        for mode in reversed(dispatch):
            torch._C._push_on_torch_dispatch_stack(mode)
    return out + 0 * X
