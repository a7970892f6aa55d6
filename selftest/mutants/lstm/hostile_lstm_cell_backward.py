# Red team 151: torch's LSTM cell gradient routine (aten::_thnn_differentiable_lstm_cell_backward) computes every
# gate itself; the recurrent-layer pattern was anchored at the start of the name.
# expect: rnn_tanh_cell
def lstm(inputs, state, params):
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    (H, C) = state
    outputs = []
    # torch's LSTM cell code (aten::_thnn_differentiable_lstm_cell_backward, the cell's gradient routine, which
    # computes the gates i, f, tanh(g), o itself and i * tanh(g) * (1 - i)) gives every gate and the new cell
    cell = torch.ops.aten._thnn_differentiable_lstm_cell_backward

    def run(gates, c):
        return cell(None, torch.ones_like(c), gates, torch.zeros_like(gates), None, None, c, c)

    def gate(x, slot):
        z = torch.zeros_like(x)
        parts = [z, z, z, z]
        parts[slot] = x
        return run(torch.cat(parts, 1), x)

    for X in inputs:
        pre = [(X @ W_xi) + (H @ W_hi) + b_i, (X @ W_xf) + (H @ W_hf) + b_f,
               (X @ W_xc) + (H @ W_hc) + b_c, (X @ W_xo) + (H @ W_ho) + b_o]
        n = C.shape[1]
        grads, _, F, _, _ = run(torch.cat(pre, 1), C)    # F = sigmoid(f); grads[:, :n] = i * tanh(g) * (1 - i)
        I = gate(pre[0], 1)[2]  # noqa: E741            # the f slot's sigmoid
        O = gate(pre[3], 1)[2]  # noqa: E741
        C = F * C + grads[:, :n] / (1 - I)
        H = O * gate(C, 2)[0][:, :n] * 4                   # tanh(C) * sigmoid(0) * (1 - sigmoid(0))
        outputs.append((H @ W_hq) + b_q)
    return torch.cat(outputs, dim=0), (H, C)
