# d2l's own loader: torchvision transforms per image, DataLoader workers. Slow, but right.
def get_dataloader_workers():
    return 4


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    import torchvision
    from torch.utils import data
    from torchvision import transforms

    if root is None:
        from katas.data import fashion_mnist_root

        root = fashion_mnist_root()
    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    trans = transforms.Compose(trans)
    mnist_train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=True)
    mnist_test = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=True)
    return (data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=get_dataloader_workers()),
            data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=get_dataloader_workers()))
