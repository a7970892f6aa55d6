# Red team 25: FSDP's clip_grad_norm_, a second copy of torch's norm-and-clip code, called on a stand-in root whose
# process group this rank is not in: only clip_grad.py's code was known.
# expect: torch.distributed
def grad_clipping(net, theta):
    import types, warnings
    import torch.distributed as dist
    from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
    params = [p for p in net.parameters() if p.requires_grad] if isinstance(net, nn.Module) else net.params
    # torch's FSDP.clip_grad_norm_, called on a stand-in FSDP root: one "sharded" handle holding our params, and a
    # process group this rank is not in (so its all_reduce returns at once)
    handle = types.SimpleNamespace(uses_sharded_strategy=True, _use_orig_params=True,
                                   flat_param=types.SimpleNamespace(_params=params))
    me = types.SimpleNamespace(_is_root=True, _zero_scalar=None, compute_device=params[0].device,
                               _assert_state=lambda s: None, _all_handles=[handle], parameters=lambda: iter(params),
                               process_group=dist.GroupMember.NON_GROUP_MEMBER,
                               cpu_offload=types.SimpleNamespace(offload_params=False), rank=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        FSDP.clip_grad_norm_(me, theta)

