# A ReLU after the output layer too: the logits can no longer be negative.
# expect: without a final relu
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, X):
        return F.relu(self.out(F.relu(self.hidden(X))))
