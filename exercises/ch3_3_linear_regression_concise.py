"""d2l 3.3 Concise implementation of linear regression (线性回归的简洁实现).

The same model as 3.2, now with PyTorch's pieces: a DataLoader, nn.Linear, nn.MSELoss and
torch.optim.SGD. Write each function below; its docstring shows the command that checks it.
这一节用 PyTorch 自带的组件（DataLoader、nn.Linear、nn.MSELoss、torch.optim.SGD）重写 3.2 的线性回归。
"""

import torch
from torch import nn
from torch.utils import data


def load_array(data_arrays, batch_size, is_train=True):
    """Construct a PyTorch data iterator over the tensors in the tuple data_arrays.

    Batches of batch_size (the last may be smaller), shuffled anew on every pass when
    is_train, in order otherwise. It must be iterable again and again, once per epoch.
    构造一个 PyTorch 数据迭代器：is_train 时每轮都重新打乱，否则按顺序；可以反复迭代（每轮一次）。
    Check it: python grade.py load_array
    """
    # TODO: data.TensorDataset(*data_arrays), then data.DataLoader(..., shuffle=is_train)
    raise NotImplementedError


def get_net():
    """Return nn.Sequential(nn.Linear(2, 1)) with weight ~ N(0, 0.01) and bias = 0.

    返回 nn.Sequential(nn.Linear(2, 1))，权重初始化为 N(0, 0.01)，偏置为 0。
    Check it: python grade.py linreg_get_net
    """
    # TODO: build the net, then initialise net[0].weight and net[0].bias (net[0].weight.data.normal_(...))
    raise NotImplementedError


def get_loss():
    """Return the mean squared error loss, averaged over the batch (nn.MSELoss).

    返回均方误差损失（对批量求平均）。
    Check it: python grade.py get_loss
    """
    # TODO
    raise NotImplementedError


def get_trainer(net, lr=0.03):
    """Return minibatch SGD (torch.optim.SGD) over the parameters of net, with learning rate lr.

    返回在 net 的参数上、学习率为 lr 的小批量随机梯度下降优化器。
    Check it: python grade.py get_trainer
    """
    # TODO
    raise NotImplementedError


def train_concise(features, labels, batch_size=10, lr=0.03, num_epochs=3):
    """Train a linear regression on (features, labels); return the trained net.

    Use load_array, get_net, get_loss and get_trainer. For each epoch and minibatch: loss,
    zero the gradients, backward, step. The data may be on a GPU: put the net on features.device.
    用上面的函数训练，返回训练好的 net；每个小批量：算损失、梯度清零、反向传播、更新；net 要放在 features.device 上。
    Check it: python grade.py linreg_train_concise
    """
    # TODO
    raise NotImplementedError
