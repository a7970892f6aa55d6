"""d2l 5.5 File I/O (读写文件).

Write each function below; its docstring shows the command that checks it.
Load with weights_only=True: a pickled file can run any code when loaded; tensors cannot.
加载时用 weights_only=True：pickle 文件加载时可以执行任意代码，而张量不会。
"""

import torch


def save_tensors(obj, fname):
    """Save obj (a tensor, a list of tensors or a dict of tensors) to the file fname.

    把张量（或张量的列表、字典）存到文件 fname。
    Check it: python grade.py tensor_io
    """
    # TODO: torch.save
    raise NotImplementedError


def load_tensors(fname):
    """Return what save_tensors saved in fname, loading tensors and containers only (weights_only=True).

    读回 save_tensors 存的内容；只加载张量和容器（weights_only=True）。
    Check it: python grade.py tensor_io
    """
    # TODO: torch.load
    raise NotImplementedError


def save_params(net, fname):
    """Save net's parameters to fname: its state_dict, not the whole pickled model.

    保存 net 的参数（state_dict），而不是 pickle 整个模型。
    Check it: python grade.py save_params
    """
    # TODO
    raise NotImplementedError


def load_params(net, fname):
    """Load the parameters in fname (from save_params) into net, a fresh instance of the same model.

    Load with weights_only=True, switch net to evaluation mode, and return net (d2l's clone).
    把 fname 中的参数加载到同结构的新模型 net 中（weights_only=True），切换到评估模式并返回 net。
    Check it: python grade.py load_params
    """
    # TODO: net.load_state_dict(torch.load(...)), net.eval()
    raise NotImplementedError
