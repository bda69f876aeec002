package org.xnorkit.model.engine;

import java.util.Arrays;

/**
 * The result of one image: the output layer's integer scores, its class bits (null when the output
 * layer has no thresholds) and the class its readout picks. Arrays are copied in and out.
 */
public record Inference(long[] scores, int[] classBits, int predicted) {
  public Inference {
    scores = scores.clone();
    classBits = classBits == null ? null : classBits.clone();
  }

  @Override public long[] scores() { return scores.clone(); }
  @Override public int[] classBits() { return classBits == null ? null : classBits.clone(); }

  /** Score of class c, without copying. */
  public long score(int c) { return scores[c]; }

  public int classes() { return scores.length; }

  @Override public boolean equals(Object o) {
    return o instanceof Inference i && i.predicted == predicted && Arrays.equals(i.scores, scores) && Arrays.equals(i.classBits, classBits);
  }
  @Override public int hashCode() { return Arrays.hashCode(scores) * 31 + predicted; }
  @Override public String toString() {
    return "Inference[predicted=" + predicted + ", scores=" + Arrays.toString(scores)
        + (classBits == null ? "" : ", classBits=" + Arrays.toString(classBits)) + "]";
  }
}
