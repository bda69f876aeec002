package org.xnorkit.train.nn;

import java.util.List;

/** Images (HWC unsigned bytes) with labels, as the trainer reads them. */
public record TrainData(String name, int height, int width, int channels, byte[][] images, int[] labels, List<String> classNames) {
  public TrainData {
    if (images.length != labels.length) throw new IllegalArgumentException(name + ": " + images.length + " images but " + labels.length + " labels");
    classNames = List.copyOf(classNames);
  }
  public int size() { return images.length; }
  public int pixels() { return height * width * channels; }
}
