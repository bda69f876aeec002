package org.xnorkit.cli;

import org.xnorkit.model.engine.Inference;

/**
 * For a model whose output layer has class thresholds (class bits, e.g. BNN-PYNQ's LFC with the
 * highestSetBit readout): how often exactly one bit fires, how often none does, and the top-1 the
 * same scores would give under argmax (lowest index wins a tie). The readouts differ whenever
 * several bits fire (highestSetBit takes the highest index, not the highest score) or none does
 * (highestSetBit says 0).
 */
record ClassBitStats(int images, int exactlyOneBit, int noBit, int argmaxCorrect) {

  /** Null when the inferences carry no class bits (an output layer without thresholds). */
  static ClassBitStats of(Inference[] inferences, int[] labels) {
    if (inferences.length == 0 || inferences[0].classBits() == null) return null;
    int one = 0, none = 0, argmaxCorrect = 0;
    for (int i = 0; i < inferences.length; i++) {
      int set = 0;
      for (int b : inferences[i].classBits()) set += b;
      if (set == 1) one++;
      if (set == 0) none++;
      if (argmax(inferences[i]) == labels[i]) argmaxCorrect++;
    }
    return new ClassBitStats(inferences.length, one, none, argmaxCorrect);
  }

  /** Index of the largest score; the lowest index wins a tie. */
  static int argmax(Inference inf) {
    int best = 0;
    for (int c = 1; c < inf.classes(); c++) if (inf.score(c) > inf.score(best)) best = c;
    return best;
  }

  double exactlyOneBitFraction() { return (double) exactlyOneBit / images; }
  double noBitFraction() { return (double) noBit / images; }
  double top1Argmax() { return (double) argmaxCorrect / images; }
}
