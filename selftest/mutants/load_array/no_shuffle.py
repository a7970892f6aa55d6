# Never shuffles, not even for training.
# expect: original order
def load_array(data_arrays, batch_size, is_train=True):
    return data.DataLoader(data.TensorDataset(*data_arrays), batch_size, shuffle=False)
