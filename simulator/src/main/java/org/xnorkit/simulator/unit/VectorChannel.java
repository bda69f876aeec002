package org.xnorkit.simulator.unit;

import java.util.ArrayDeque;

/**
 * The values on one stream, a whole image at a time. Which value the k-th beat of a stream
 * carries does not depend on when it moves, so a producer hands over its whole output for an
 * image as soon as it has computed it (before the image's first beat leaves it), in image order,
 * and the consumer takes it when it starts computing on that image; the stages themselves only
 * count beats. A consumer that takes an image nobody produced is a bug of the model.
 *
 * @param <V> the representation (packed planes of an HWC tensor, accumulators)
 */
public final class VectorChannel<V> {
  private final String name;
  private final ArrayDeque<V> vectors = new ArrayDeque<>();

  public VectorChannel(String name) { this.name = name; }

  public void push(V vector) { vectors.addLast(vector); }

  public V pop() {
    V v = vectors.pollFirst();
    if (v == null) throw new IllegalStateException("stream " + name + ": a unit started an image before the image was computed upstream");
    return v;
  }

  public int size() { return vectors.size(); }
}
