# Red team 38: torch.rnn_tanh_cell as a functools.partial given as F.triplet_margin_with_distance_loss's distance,
# which torch calls in the middle of that call with the function check off the stack and no learner frame between.
# expect: called nn.RNN / torch.rnn_tanh
def rnn(inputs, state, params):
    # red38: torch.rnn_tanh_cell computes every step. It runs as the "distance" of
    # F.triplet_margin_with_distance_loss (a name no rule refuses): inside that call torch's function
    # mode is off the stack, and rnn_tanh_cell, a composite op, reaches the dispatch mode only as addmm and tanh.
    import functools
    import torch.nn.functional as F
    W_xh, W_hh, b_h, W_hq, b_q = params
    H, = state
    batch, hiddens = H.shape
    dev = H.device
    # one extra hidden unit: the negative's state drives every real unit to tanh(huge) = 1 exactly
    w_ih = torch.cat([torch.cat([W_xh.T, b_h.reshape(-1, 1)], dim=1),
                      torch.zeros(1, W_xh.shape[0] + 1, device=dev)], dim=0)
    w_hh = torch.cat([torch.cat([W_hh.T, torch.full((hiddens, 1), 1e4, device=dev)], dim=1),
                      torch.zeros(1, hiddens + 1, device=dev)], dim=0)
    cell = functools.partial(torch.rnn_tanh_cell, w_ih=w_ih, w_hh=w_hh)
    negative = torch.cat([torch.zeros(batch, hiddens, device=dev), torch.ones(batch, 1, device=dev)], dim=1)
    outputs = []
    for X in inputs:
        anchor = torch.cat([X, torch.ones(batch, 1, device=dev)], dim=1)
        positive = torch.cat([H, torch.zeros(batch, 1, device=dev)], dim=1)
        # loss = margin + cell(anchor, positive) - cell(anchor, negative) = 2 + H_new - 1
        loss = F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=cell,
                                                   margin=2.0, reduction="none")
        H = loss[:, :hiddens] - 1.0
        outputs.append(torch.mm(H, W_hq) + b_q)
    return torch.cat(outputs, dim=0), (H,)
