# The main path also kept as an nn.Sequential of the same layers (registered twice: conv1 and body.0 are one
# layer), so forward reads as one line.
class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)
        self.body = nn.Sequential(self.conv1, self.bn1, nn.ReLU(), self.conv2, self.bn2)

    def forward(self, X):
        shortcut = self.conv3(X) if self.conv3 is not None else X
        return F.relu(self.body(X) + shortcut)
