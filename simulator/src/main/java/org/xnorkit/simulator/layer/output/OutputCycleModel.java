package org.xnorkit.simulator.layer.output;

import org.xnorkit.hwgen.rtl.MvtuParams;
import org.xnorkit.hwgen.rtl.OutputParams;
import org.xnorkit.model.engine.BitKernels;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.simulator.unit.MvtuModel;
import org.xnorkit.simulator.unit.PlaneVector;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * The output layer as hwgen builds it: an MVTU without thresholds whose beats carry the raw class
 * accumulators, and the output unit ({@link OutputUnitModel}) that turns them into the record on
 * m_axis. Accumulators come from the packed kernels of the model ({@link BitKernels}); scale,
 * offset, class bits and readout from the output unit's own parameters ({@link OutputRecord}).
 */
public final class OutputCycleModel {
  private OutputCycleModel() {}

  /** The MVTU of the output layer: raw accumulators of all classes per vector. */
  public static MvtuModel<long[], long[]> unit(MvtuParams p, OutputLayer layer, VectorChannel<long[]> in, VectorChannel<long[]> out) {
    if (!(layer.weights() instanceof OutputWeights.Binary b))
      throw new IllegalArgumentException(layer.name() + ": the simulator models binary output weights only (as hwgen generates)");
    if (p.thresholdK() != 0) throw new IllegalArgumentException(layer.name() + ": the output MVTU has no thresholds");
    long[] weights = b.bits().words();
    int inputs = layer.inputs(), classes = layer.classes();
    int words = PlaneVector.words(inputs);
    boolean int8 = p.int8();
    int planes = p.inK();
    int[] sums = new int[classes]; // scratch: one unit serves one run, one thread
    return new MvtuModel<>(p.name(), p.nf(), p.sf(), p.in().beatsPerVector(), p.latency(), p.queueDepth(), 1, x -> {
      long[] acc = new long[classes];
      if (int8) BitKernels.int8Accs(x, 0, words, weights, words, classes, BitKernels.codeSum(x, 0, words, words), sums);
      else BitKernels.disagreements(x, 0, words, planes, weights, words, classes, sums);
      for (int c = 0; c < classes; c++) acc[c] = int8 ? sums[c] : (long) planes * inputs - sums[c];
      return acc;
    }, in, out);
  }

  /** The output unit after the output layer's MVTU. */
  public static OutputUnitModel outputUnit(OutputParams p, VectorChannel<long[]> in) {
    return new OutputUnitModel("output", p.in().beatsPerVector(), new OutputRecord(p), in);
  }
}
