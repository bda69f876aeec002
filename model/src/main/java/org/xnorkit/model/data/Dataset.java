package org.xnorkit.model.data;

import java.util.List;

/**
 * Labelled images as the accelerator reads them: {@code height × width × channels} unsigned bytes
 * per image in HWC order (channel fastest), one label per image, and the names of the classes
 * (label i is {@code classNames.get(i)}).
 *
 * <p>The image arrays are shared, not copied (a test set is tens of megabytes): treat them as
 * read-only. The constructor checks every image's length and every label's range.
 */
public record Dataset(String name, int height, int width, int channels, byte[][] images, int[] labels, List<String> classNames) {

  public Dataset {
    if (name == null || name.isBlank()) throw new DataException("data set name is missing");
    if (height < 1 || width < 1 || channels < 1)
      throw new DataException(name + ": image shape " + height + "x" + width + "x" + channels + " must be positive");
    if (images == null || labels == null) throw new DataException(name + ": images or labels are missing");
    if (images.length != labels.length)
      throw new DataException(name + ": " + images.length + " images but " + labels.length + " labels");
    classNames = List.copyOf(classNames);
    if (classNames.isEmpty()) throw new DataException(name + ": no class names");
    int size = height * width * channels;
    for (int i = 0; i < images.length; i++) {
      if (images[i] == null || images[i].length != size)
        throw new DataException(name + ": image " + i + " has " + (images[i] == null ? 0 : images[i].length)
            + " bytes, expected height*width*channels = " + height + "*" + width + "*" + channels + " = " + size);
      if (labels[i] < 0 || labels[i] >= classNames.size())
        throw new DataException(name + ": image " + i + " has label " + labels[i] + ", expected 0.." + (classNames.size() - 1));
    }
  }

  /** Number of images. */
  public int size() { return images.length; }

  /** Bytes per image, height·width·channels. */
  public int imageBytes() { return height * width * channels; }

  /** The name of class {@code label}. */
  public String className(int label) { return classNames.get(label); }

  /** "28x28x1", the shape as printed in messages. */
  public String shape() { return height + "x" + width + "x" + channels; }

  /** The first {@code n} images (all when {@code n < 0} or {@code n >= size()}); shares the arrays. */
  public Dataset first(int n) {
    if (n < 0 || n >= images.length) return this;
    return new Dataset(name, height, width, channels, java.util.Arrays.copyOf(images, n), java.util.Arrays.copyOf(labels, n), classNames);
  }
}
