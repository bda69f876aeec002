package org.xnorkit.train.fold;

/**
 * How a layer's signed dot product relates to its integer accumulator (docs/semantics.md,
 * "Accumulators"): {@code dot = a·acc + b} with a ∈ {1, 2}.
 *
 * <ul>
 *   <li>levels input (K planes, fan-in n): acc = XNOR-popcount ∈ [0, K·n], dot = 2·acc − K·n;</li>
 *   <li>int8 input (fan-in n): acc = Σ w·q ∈ [−128·n, 128·n] is the dot product itself.</li>
 * </ul>
 */
public record AccumulatorMap(long scale, long offset, long accMin, long accMax) {
  public AccumulatorMap {
    if (scale != 1 && scale != 2) throw new IllegalArgumentException("dot = scale·acc + offset needs scale 1 or 2, found " + scale);
    if (accMin > accMax) throw new IllegalArgumentException("accumulator range [" + accMin + ", " + accMax + "] is empty");
  }

  /** XNOR-popcount over K planes of n inputs. */
  public static AccumulatorMap levels(int kIn, int fanIn) {
    long kn = (long) kIn * fanIn;
    return new AccumulatorMap(2, -kn, 0, kn);
  }

  /** Add/subtract of int8 codes over n inputs. */
  public static AccumulatorMap int8(int fanIn) {
    return new AccumulatorMap(1, 0, -128L * fanIn, 128L * fanIn);
  }

  public long dot(long acc) { return scale * acc + offset; }
}
