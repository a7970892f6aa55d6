# Red team 149: a kernel's warning is the module's whose frame runs the kernel (the guard's); Python reads that module's
# __warningregistry__ first, whatever the filters say, and clears it when its version is stale, freeing what it holds:
# a finalizer there ran torch.softmax inside the kernel, torch function handling switched off. The guard's module
# has no registry while its handlers run; one put there is let go of later, with the check on the stack.
# expect: softmax
def softmax(X):
    import sys
    space = vars(sys.modules["katas.forbid"])
    box = {}

    class Evil:
        def __del__(self):
            with torch._C.DisableTorchFunction():
                box["out"] = torch.softmax(X.detach(), 1)

    space["__warningregistry__"] = {"version": "stale", "evil": Evil()}
    a = torch.ones(3)
    torch.add(a, a, out=torch.ones(5))  # an allowed op whose kernel warns (an output resized)
    return box.pop("out") + 0 * X
