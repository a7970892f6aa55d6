"""d2l 9.6 Encoder-decoder architecture (编码器-解码器架构): the interfaces chapters 9 and 10 build on."""

from torch import nn


class Encoder(nn.Module):
    """The base encoder interface for the encoder-decoder architecture."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def forward(self, X, *args):
        raise NotImplementedError  # an interface: Seq2SeqEncoder (9.7) and chapter 10's encoders say how


class Decoder(nn.Module):
    """The base decoder interface: init_state turns the encoder's outputs into the decoder's first state."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def init_state(self, enc_outputs, *args):
        raise NotImplementedError  # an interface

    def forward(self, X, state):
        raise NotImplementedError  # an interface


class EncoderDecoder(nn.Module):
    """The base class for the encoder-decoder architecture: encode, init the decoder's state, decode."""

    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder

    def forward(self, enc_X, dec_X, *args):
        enc_outputs = self.encoder(enc_X, *args)
        dec_state = self.decoder.init_state(enc_outputs, *args)
        return self.decoder(dec_X, dec_state)
