"""d2l 9.3 Deep recurrent neural networks (深度循环神经网络).

Write the function below; its docstring shows the command that checks it. Your RNNModel (8.6) is
d2l.RNNModel; the grader uses the reference one.
你在 8.6 写的 RNNModel 就是 d2l.RNNModel；评分时使用参考实现。
"""

from torch import nn

from katas.sections import Sections

d2l = Sections(__file__, "ch8_6_rnn_concise.py")


def deep_lstm(vocab_size, num_hiddens, num_layers):
    """The book's deep LSTM language model (深度 LSTM 语言模型). Check: python grade.py deep_lstm

    Return d2l.RNNModel over one nn.LSTM of num_layers stacked layers that reads one-hot tokens
    (vocab_size features) with num_hiddens hidden units. Its state is (H, C), each of shape
    (num_layers, batch_size, num_hiddens).
    返回 d2l.RNNModel，其中 nn.LSTM 堆叠 num_layers 层，输入为独热编码（vocab_size 个特征）。
    """
    # TODO
    raise NotImplementedError
