package org.xnorkit.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;

/**
 * A simple hardware plan for a trained model: per compute layer, pe = the largest divisor of its
 * outputs up to {@link #MAX_PE} and simd = the largest divisor of its fan-in up to {@link #MAX_SIMD}
 * — a modest design that divides every matrix evenly (no padding lanes).
 */
public final class PlanMaker {
  public static final int MAX_PE = 16, MAX_SIMD = 32;
  private PlanMaker() {}

  public static Plan modest(Network net) {
    Map<String, Folding> f = new LinkedHashMap<>();
    for (Layer l : net.layers()) {
      int rows, cols;
      if (l instanceof DenseLayer d) { rows = d.outputs(); cols = d.inputs(); }
      else if (l instanceof ConvLayer c) { rows = c.outChannels(); cols = c.fanIn(); }
      else if (l instanceof OutputLayer o) { rows = o.classes(); cols = o.inputs(); }
      else continue;
      f.put(l.name(), new Folding(largestDivisor(rows, MAX_PE), largestDivisor(cols, MAX_SIMD)));
    }
    return new Plan(f);
  }

  static int largestDivisor(int n, int max) {
    for (int d = Math.min(n, max); d > 1; d--) if (n % d == 0) return d;
    return 1;
  }
}
