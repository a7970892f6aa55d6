"""d2l 9.6 Encoder-decoder architecture (编码器-解码器架构): the interfaces chapters 9 and 10 build on.

Encoder and Decoder are interfaces, given as the book writes them: their methods raise
NotImplementedError on purpose (Seq2SeqEncoder and Seq2SeqDecoder of 9.7 fill them in).
Write EncoderDecoder; its docstring shows the command that checks it.
编码器和解码器是接口，已经给出；请实现 EncoderDecoder。
"""

from torch import nn


class Encoder(nn.Module):
    """The base encoder interface for the encoder-decoder architecture."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def forward(self, X, *args):
        raise NotImplementedError  # an interface: subclasses say how


class Decoder(nn.Module):
    """The base decoder interface: init_state turns the encoder's outputs into the decoder's first state."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError  # an interface

    def forward(self, X, state):
        raise NotImplementedError  # an interface


class EncoderDecoder(nn.Module):
    """The base class for the encoder-decoder architecture (编码器-解码器基类). Check: python grade.py EncoderDecoder

    EncoderDecoder(encoder, decoder) keeps them as self.encoder and self.decoder.
    forward(enc_X, dec_X, *args): enc_outputs = self.encoder(enc_X, *args); the decoder's state is
    self.decoder.init_state(enc_outputs, *args); return self.decoder(dec_X, that state).
    """

    def __init__(self, encoder, decoder, **kwargs):
        # TODO: super().__init__(**kwargs) first
        raise NotImplementedError

    def forward(self, enc_X, dec_X, *args):
        # TODO
        raise NotImplementedError
