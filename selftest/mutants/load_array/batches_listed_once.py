# Materialises one shuffled pass as a list: every epoch sees the same batches.
# expect: same order in two epochs
def load_array(data_arrays, batch_size, is_train=True):
    return list(data.DataLoader(data.TensorDataset(*data_arrays), batch_size, shuffle=is_train))
