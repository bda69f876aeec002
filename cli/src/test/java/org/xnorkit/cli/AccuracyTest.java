package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xnorkit.model.engine.Inference;

class AccuracyTest {
  private static Inference inf(int predicted, long... scores) { return new Inference(scores, null, predicted); }

  @Test
  void topFiveCountsTiesTowardsTheLowerIndex() {
    Inference i = inf(0, 9, 9, 9, 9, 9, 9, 1);
    assertTrue(Accuracy.inTopK(i, 4, 5));   // classes 0..3 rank above 4: four above
    assertFalse(Accuracy.inTopK(i, 5, 5));  // five above
    assertFalse(Accuracy.inTopK(i, 6, 5));
    assertTrue(Accuracy.inTopK(inf(6, 0, 0, 0, 0, 0, 0, 1), 6, 1));
    assertFalse(Accuracy.inTopK(i, 7, 5));  // outside the classes
  }

  @Test
  void topOneUsesTheReadoutNotTheScores() {
    // A highestSetBit readout may predict a class that is not the highest score.
    Accuracy a = Accuracy.of(new Inference[] {inf(2, 5, 1, 0), inf(0, 5, 1, 0)}, new int[] {2, 2});
    assertEquals(1, a.correct());
    assertEquals(0, a.top5Correct() - 2); // both labels are within the top 5 of 3 classes
    assertEquals(0.5, a.top1());
  }
}
