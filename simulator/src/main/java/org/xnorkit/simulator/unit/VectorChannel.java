package org.xnorkit.simulator.unit;

import java.util.ArrayDeque;

/**
 * The values on one stream, a whole vector at a time. Which value the k-th beat of a stream
 * carries does not depend on when it moves, so a producer hands over each vector it computes
 * (in order) and the consumer takes it when the vector's last beat reaches it; the stages
 * themselves only count beats. A consumer that takes a vector nobody produced is a bug of the
 * model (the producer always computes a vector before its first beat leaves).
 *
 * @param <V> the vector representation (packed planes, accumulators)
 */
public final class VectorChannel<V> {
  private final String name;
  private final ArrayDeque<V> vectors = new ArrayDeque<>();

  public VectorChannel(String name) { this.name = name; }

  public void push(V vector) { vectors.addLast(vector); }

  public V pop() {
    V v = vectors.pollFirst();
    if (v == null) throw new IllegalStateException("stream " + name + ": a vector's last beat arrived before the vector was computed");
    return v;
  }

  public int size() { return vectors.size(); }
}
