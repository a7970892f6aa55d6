# Red team 4, #5: torch's clip_grad_norm_ copied with co_filename relabelled, so no frame is in clip_grad.py.
# expect: torch.nn.utils.clip_grad_norm_
def grad_clipping(net, theta):
    import types

    from torch.nn.utils import clip_grad

    names = dict(vars(clip_grad))
    for name in ("_get_total_norm", "_clip_grads_with_norm_", "clip_grad_norm_"):
        f = getattr(clip_grad, name)
        f = getattr(f, "__wrapped__", f)
        names[name] = types.FunctionType(f.__code__.replace(co_filename="elsewhere.py"), names, name,
                                         f.__defaults__)
    params = [p for p in net.parameters() if p.requires_grad] if isinstance(net, nn.Module) else net.params
    with torch.no_grad():
        names["clip_grad_norm_"](params, theta)
