# torch's std (n - 1) where d2l uses numpy's (n).
# expect: sample std
def get_data_ch11(batch_size=10, n=1500):
    data = torch.from_numpy(np.genfromtxt(download("airfoil"), dtype=np.float32, delimiter="\t"))
    data = (data - data.mean(0)) / data.std(0)
    return d2l.load_array((data[:n, :-1], data[:n, -1]), batch_size, is_train=True), data.shape[1] - 1
