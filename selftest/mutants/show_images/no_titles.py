# The learner never set the titles.
# expect: ax.set_title
def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    plt = pyplot()
    _, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale), squeeze=False)
    axes = axes.flatten()
    for ax, img in zip(axes, imgs):
        ax.imshow(img.detach().numpy() if torch.is_tensor(img) else img)
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
    return axes
