package org.xnorkit.train;

import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;

/**
 * The exported model's predictions in the integer reference engine against the trainer's own
 * evaluation of the binarized float model, image by image over a whole test set.
 */
public record ExactnessCheck(int images, double floatTop1, double integerTop1, int disagreements, List<Integer> disagreeing, int[] integerPredicted) {
  /** The agreement the issue requires (≥ 99.9 %). */
  public static final double REQUIRED_AGREEMENT = 0.999;

  public ExactnessCheck {
    disagreeing = List.copyOf(disagreeing);
  }

  public double agreement() { return images == 0 ? 1 : 1 - (double) disagreements / images; }

  public boolean passes() { return agreement() >= REQUIRED_AGREEMENT; }

  public static ExactnessCheck run(Network net, Dataset test, int[] floatPredicted) {
    int[] ip = new int[test.size()];
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      Inference[] inf = engine.inferBatch(test.images());
      for (int i = 0; i < ip.length; i++) ip[i] = inf[i].predicted();
    }
    long fc = 0, ic = 0;
    List<Integer> diff = new ArrayList<>();
    for (int i = 0; i < ip.length; i++) {
      if (floatPredicted[i] == test.labels()[i]) fc++;
      if (ip[i] == test.labels()[i]) ic++;
      if (ip[i] != floatPredicted[i]) diff.add(i);
    }
    int n = Math.max(1, ip.length);
    return new ExactnessCheck(ip.length, (double) fc / n, (double) ic / n, diff.size(), diff, ip);
  }
}
