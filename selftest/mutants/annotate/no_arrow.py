# Text without its arrow.
# expect: no arrow
def annotate(text, xy, xytext):
    pyplot().gca().annotate(text, xy=xy, xytext=xytext)
