# Shuffles the test iterator too.
# expect: shuffle only for training
def load_array(data_arrays, batch_size, is_train=True):
    return data.DataLoader(data.TensorDataset(*data_arrays), batch_size, shuffle=True)
