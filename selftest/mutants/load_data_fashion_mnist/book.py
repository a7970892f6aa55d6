# d2l's load_data_fashion_mnist as the book has it: root="../data", which is not the local copy,
# so torchvision goes to download it; the stub asks for katas.data.fashion_mnist_root() when root is None.
# expect: torchvision tried to download Fashion-MNIST
def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """下载Fashion-MNIST数据集，然后将其加载到内存中"""
    import torchvision
    from torch.utils import data
    from torchvision import transforms

    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    trans = transforms.Compose(trans)
    mnist_train = torchvision.datasets.FashionMNIST(
        root="../data", train=True, transform=trans, download=True)
    mnist_test = torchvision.datasets.FashionMNIST(
        root="../data", train=False, transform=trans, download=True)
    return (data.DataLoader(mnist_train, batch_size, shuffle=True,
                            num_workers=get_dataloader_workers()),
            data.DataLoader(mnist_test, batch_size, shuffle=False,
                            num_workers=get_dataloader_workers()))
