# The learner indexed the images with a name left over from the loop before: every axes shows the first image.
# expect: does not show image
def show_images(imgs, num_rows, num_cols, titles=None, scale=1.5):
    plt = pyplot()
    _, axes = plt.subplots(num_rows, num_cols, figsize=(num_cols * scale, num_rows * scale), squeeze=False)
    axes = axes.flatten()
    for i, ax in enumerate(axes[: len(imgs)]):
        img = imgs[0]
        ax.imshow(img.detach().numpy() if torch.is_tensor(img) else img)
        ax.axes.get_xaxis().set_visible(False)
        ax.axes.get_yaxis().set_visible(False)
        if titles:
            ax.set_title(titles[i])
    return axes
