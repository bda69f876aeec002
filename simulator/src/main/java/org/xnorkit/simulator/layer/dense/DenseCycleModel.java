package org.xnorkit.simulator.layer.dense;

import org.xnorkit.hwgen.rtl.MvtuParams;
import org.xnorkit.model.engine.BitKernels;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.simulator.unit.MvtuDatapath;
import org.xnorkit.simulator.unit.MvtuModel;
import org.xnorkit.simulator.unit.PlaneVector;
import org.xnorkit.simulator.unit.ThresholdPlanes;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * A dense layer as hwgen builds it: one MVTU ({@link MvtuModel}) reading the whole input vector
 * as one row of {@code inputs} elements. Its values come from the packed kernels of the model
 * ({@link BitKernels}: XNOR-popcount over K planes, or ± codes for an int8 input) with the
 * generator's own thresholds: per neuron n and plane k the RTL's
 * {@code plane k = direction ? acc ≥ t(n·K + k) : acc ≤ t(n·K + k)} — the thresholds as
 * {@code MvtuParams} holds them (reordered for direction −1), not the model's quantizer, so a slip
 * in that reordering shows up as a mismatch against the reference engine.
 */
public final class DenseCycleModel {
  private DenseCycleModel() {}

  public static MvtuModel<long[], long[]> unit(MvtuParams p, DenseLayer layer, VectorChannel<long[]> in, VectorChannel<long[]> out) {
    if (layer.inputs() != p.fanIn() || layer.outputs() != p.outputs())
      throw new IllegalArgumentException(layer.name() + ": layer is " + layer.inputs() + "->" + layer.outputs() + ", unit " + p.fanIn() + "->" + p.outputs());
    return new MvtuModel<>(p.name(), p.nf(), p.sf(), p.in().beatsPerVector(), p.latency(), p.queueDepth(), 1,
        datapath(p, layer.weights().words(), layer.inputs(), layer.outputs()), in, out);
  }

  /** Thresholded XNOR-popcount (or ±code sums) of all neurons; output: {@code thresholdK} planes of {@code outputs}. */
  static MvtuDatapath<long[], long[]> datapath(MvtuParams p, long[] weights, int inputs, int outputs) {
    int words = PlaneVector.words(inputs);
    int outWords = PlaneVector.words(outputs);
    ThresholdPlanes thresholds = new ThresholdPlanes(p, outputs);
    boolean int8 = p.int8();
    int planes = p.inK();
    long full = (long) planes * inputs;
    int[] sums = new int[outputs]; // scratch: one datapath serves one run, one thread
    return x -> {
      long[] y = new long[thresholds.k() * outWords];
      if (int8) BitKernels.int8Accs(x, 0, words, weights, words, outputs, BitKernels.codeSum(x, 0, words, words), sums);
      else BitKernels.disagreements(x, 0, words, planes, weights, words, outputs, sums);
      // XNOR-popcount = agreements = planes·inputs − disagreements (ghost bits are zero on both sides)
      for (int r = 0; r < outputs; r++) thresholds.write(int8 ? sums[r] : full - sums[r], r, y, outWords, r);
      return y;
    };
  }
}
