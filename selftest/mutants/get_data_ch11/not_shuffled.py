# is_train=False: the same order every pass.
# expect: shuffle
def get_data_ch11(batch_size=10, n=1500):
    data = np.genfromtxt(download("airfoil"), dtype=np.float32, delimiter="\t")
    data = torch.from_numpy((data - data.mean(axis=0)) / data.std(axis=0))
    return d2l.load_array((data[:n, :-1], data[:n, -1]), batch_size, is_train=False), data.shape[1] - 1
