# Red team 14: torch.rnn_tanh run from the __torch_function__ of a throw-away tensor subclass, which torch calls
# while the function check is off the stack.
# expect: calls back in the middle of that call
class _Sub(torch.Tensor):
    job = out = None

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if _Sub.job is not None:
            job, _Sub.job = _Sub.job, None
            with torch._C.DisableTorchFunctionSubclass():
                _Sub.out = job()
        with torch._C.DisableTorchFunctionSubclass():
            return func(*args, **(kwargs or {}))


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state

    def job():
        out, h_n = torch.rnn_tanh(inputs, H.unsqueeze(0), [W_xh.T, W_hh.T, b_h, torch.zeros_like(b_h)],
                                  True, 1, 0.0, False, False, False)
        return out.reshape(-1, out.shape[-1]) @ W_hq + b_q, (h_n[0],)

    _Sub.job = job
    torch.zeros(1).as_subclass(_Sub) + 1
    return _Sub.out
