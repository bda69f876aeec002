package org.xnorkit.model;

/**
 * The type of a tensor flowing between layers: HWC shape and what each element holds.
 *
 * <ul>
 *   <li>{@link Domain#LEVELS}: an activation level ℓ in [0, k] (k = 1 is a plain bit, ±1),
 *       carried as k thermometer bit-planes; its signed value is 2ℓ − k.</li>
 *   <li>{@link Domain#INT8}: a signed 8-bit input code in [−128, 127] (first layer only).</li>
 *   <li>{@link Domain#SCORES}: integer class scores (the output layer's result).</li>
 * </ul>
 */
public record TensorType(int height, int width, int channels, Domain domain, int k) {
  public enum Domain { LEVELS, INT8, SCORES }

  public TensorType {
    if (height < 1 || width < 1 || channels < 1)
      throw new IllegalArgumentException("shape " + height + "x" + width + "x" + channels + " must be positive");
    if ((long) height * width * channels > Integer.MAX_VALUE)
      throw new IllegalArgumentException("shape " + height + "x" + width + "x" + channels + " has " + (long) height * width * channels
          + " elements, more than " + Integer.MAX_VALUE);
    if (domain == Domain.LEVELS && k < 1) throw new IllegalArgumentException("k (" + k + ") must be >= 1");
    if (domain != Domain.LEVELS) k = 0;
  }

  public static TensorType levels(int h, int w, int c, int k) { return new TensorType(h, w, c, Domain.LEVELS, k); }
  public static TensorType int8(int h, int w, int c) { return new TensorType(h, w, c, Domain.INT8, 0); }
  public static TensorType scores(int classes) { return new TensorType(1, 1, classes, Domain.SCORES, 0); }

  /** Number of elements, H·W·C. */
  public int size() { return height * width * channels; }

  /** The same elements as one HWC-ordered vector (1×1×size). */
  public TensorType flattened() { return new TensorType(1, 1, size(), domain, k); }

  /** Smallest and largest signed value an element can take (2ℓ − k for levels, the code for int8). */
  public int minValue() { return domain == Domain.INT8 ? -128 : -k; }
  public int maxValue() { return domain == Domain.INT8 ? 127 : k; }

  @Override public String toString() {
    String d = switch (domain) { case LEVELS -> k == 1 ? "bits" : "levels(k=" + k + ")"; case INT8 -> "int8"; case SCORES -> "scores"; };
    return height + "x" + width + "x" + channels + " " + d;
  }
}
