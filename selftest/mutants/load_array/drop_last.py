# Drops the last, partial batch.
# expect: drop_last
def load_array(data_arrays, batch_size, is_train=True):
    return data.DataLoader(data.TensorDataset(*data_arrays), batch_size, shuffle=is_train, drop_last=True)
