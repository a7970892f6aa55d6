# Red team 17: a tuple whose __iter__ and __getitem__ compute torch.lstm_cell when the test reads the result, after
# the from-scratch check.
# expect: is its own code
import torch


class _Later(tuple):
    def __new__(cls, thunk):
        self = super().__new__(cls, (None, None))
        self._thunk, self._value = thunk, None
        return self

    def _get(self):
        if self._value is None:
            self._value = self._thunk()
        return self._value

    def __iter__(self):
        return iter(self._get())

    def __getitem__(self, i):
        return self._get()[i]


def lstm(inputs, state, params):
    def later():
        [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
        (H, C) = state
        w_ih = torch.cat([W_xi, W_xf, W_xc, W_xo], dim=1).T
        w_hh = torch.cat([W_hi, W_hf, W_hc, W_ho], dim=1).T
        b = torch.cat([b_i, b_f, b_c, b_o])
        outputs = []
        for X in inputs:
            H, C = torch.lstm_cell(X, (H, C), w_ih, w_hh, b, None)
            outputs.append((H @ W_hq) + b_q)
        return torch.cat(outputs, dim=0), (H, C)

    return _Later(later)
