# shuffle=not is_train: backwards.
# expect: shuffle=is_train
def load_array(data_arrays, batch_size, is_train=True):
    return data.DataLoader(data.TensorDataset(*data_arrays), batch_size, shuffle=not is_train)
