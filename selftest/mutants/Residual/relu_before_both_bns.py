# Conv, ReLU, batch norm on both convolutions (a "conv-relu-bn" habit from other code).
# expect: a ReLU comes before its batch norm
class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = self.bn1(F.relu(self.conv1(X)))
        Y = self.bn2(F.relu(self.conv2(Y)))
        shortcut = self.conv3(X) if self.conv3 else X
        return F.relu(Y + shortcut)
