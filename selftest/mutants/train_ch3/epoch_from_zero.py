# Plots epoch 0, 1, ... instead of 1, 2, ...
# expect: epochs count from 1
def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    animator = Animator(xlabel="epoch", xlim=[1, num_epochs], ylim=[0.3, 0.9],
                        legend=["train loss", "train acc", "test acc"])
    history = []
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        animator.add(epoch, (train_loss, train_acc, test_acc))
        history.append((train_loss, train_acc, test_acc))
    return history
