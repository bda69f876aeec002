package org.xnorkit.model.data;

import java.util.ArrayList;
import java.util.List;

/** Class names of the data sets xnorkit knows, in label order. */
public final class ClassNames {
  private ClassNames() {}

  /** MNIST: the digits "0".."9". */
  public static final List<String> MNIST = numbered(10);

  /** Fashion-MNIST, as published by Zalando Research. */
  public static final List<String> FASHION_MNIST = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** CIFAR-10 (batches.meta.txt of the binary distribution). */
  public static final List<String> CIFAR10 = List.of(
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** "0", "1", ... for {@code n} classes with no known names. */
  public static List<String> numbered(int n) {
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) names.add(Integer.toString(i));
    return List.copyOf(names);
  }
}
