# The context from the encoder's first layer.
# expect: enc_state[0] is the first layer's

class Seq2SeqDecoder(d2l.Decoder):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers, dropout=0, **kwargs):
        super().__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, *args):
        return enc_outputs[1], enc_outputs[1][0]

    def forward(self, X, state):
        hidden, context = state
        X = self.embedding(X).permute(1, 0, 2)
        X_and_context = torch.cat((X, context.repeat(X.shape[0], 1, 1)), 2)
        output, hidden = self.rnn(X_and_context, hidden)
        return self.dense(output).permute(1, 0, 2), (hidden, context)
