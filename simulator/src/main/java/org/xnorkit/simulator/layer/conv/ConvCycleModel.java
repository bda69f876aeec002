package org.xnorkit.simulator.layer.conv;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.xnorkit.hwgen.rtl.MvtuParams;
import org.xnorkit.hwgen.rtl.SwuParams;
import org.xnorkit.model.engine.BitKernels;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.simulator.unit.MvtuDatapath;
import org.xnorkit.simulator.unit.MvtuModel;
import org.xnorkit.simulator.unit.PlaneVector;
import org.xnorkit.simulator.unit.Stage;
import org.xnorkit.simulator.unit.SwuModel;
import org.xnorkit.simulator.unit.ThresholdPlanes;
import org.xnorkit.simulator.unit.VectorChannel;

/**
 * A conv layer as hwgen builds it (docs/timing.md "Conv layers"): its sliding-window unit
 * ({@link SwuModel}) wired straight into its MVTU ({@link MvtuModel}, k² rows × Cin per window,
 * OH·OW vectors per image) — no FIFO between them: the SWU's output is a queue and the MVTU's
 * {@code in.ready} a register, so the link's handshake is known from both stages' registers.
 *
 * <p>Values: the MVTU computes the whole output tensor when it starts an image: per output pixel
 * the window gathered in (ky, kx, c) order — positions outside the image take the SWU's pad
 * element — against every weight row with the model's packed kernels, then the generator's
 * thresholds ({@link ThresholdPlanes}).
 */
public final class ConvCycleModel extends Stage {
  private final SwuModel swu;
  private final MvtuModel<long[], long[]> mvtu;

  private ConvCycleModel(String name, SwuModel swu, MvtuModel<long[], long[]> mvtu) {
    super(name);
    this.swu = swu;
    this.mvtu = mvtu;
  }

  public static ConvCycleModel of(SwuParams s, MvtuParams p, ConvLayer layer, VectorChannel<long[]> in, VectorChannel<long[]> out) {
    if (layer.fanIn() != p.fanIn() || layer.outChannels() != p.outputs() || layer.kernel() != s.kernel())
      throw new IllegalArgumentException(layer.name() + ": the layer and its generated units disagree on the shape");
    VectorChannel<long[]> windows = new VectorChannel<>(layer.name() + ".windows");
    SwuModel swu = new SwuModel(layer.name() + "/window", s, in, windows, UnaryOperator.identity());
    MvtuModel<long[], long[]> mvtu = new MvtuModel<>(p.name(), p.nf(), p.sf(), p.in().beatsPerVector(), p.latency(), p.queueDepth(),
        s.outH() * s.outW(), datapath(s, p, layer.weights().words()), windows, out);
    return new ConvCycleModel(layer.name(), swu, mvtu);
  }

  public SwuModel window() { return swu; }
  public MvtuModel<long[], long[]> mvtu() { return mvtu; }

  @Override public boolean inReady() { return swu.inReady(); }
  @Override public boolean outValid() { return mvtu.outValid(); }
  @Override public boolean active() { return swu.active() || mvtu.active() || swu.outValid(); }

  private boolean swuValid, mvtuReady; // the inner link's handshake in the last stepped cycle

  @Override public void step(long cycle, boolean inFire, boolean outFire) {
    swuValid = swu.outValid();
    mvtuReady = mvtu.inReady();
    boolean link = swuValid && mvtuReady;
    swu.step(cycle, inFire, link);
    mvtu.step(cycle, link, outFire);
  }

  @Override public long nextEvent(long t, boolean inFire, boolean outFire) {
    if (swu.outValid() != swuValid || mvtu.inReady() != mvtuReady) return t + 1;
    boolean link = swuValid && mvtuReady;
    return Math.min(swu.nextEvent(t, inFire, link), mvtu.nextEvent(t, link, outFire));
  }

  @Override public void advance(long from, long n, boolean inFire, boolean outFire) {
    boolean link = swuValid && mvtuReady;
    swu.advance(from, n, inFire, link);
    mvtu.advance(from, n, link, outFire);
  }

  /** The conv over a whole image (HWC planes in, HWC thresholded planes out). */
  static MvtuDatapath<long[], long[]> datapath(SwuParams s, MvtuParams p, long[] weights) {
    int h = s.height(), w = s.width(), c = s.channels(), k = s.kernel(), stride = s.stride(), pad = s.padding();
    int oh = s.outH(), ow = s.outW(), cout = p.outputs();
    int fanIn = k * k * c, words = PlaneVector.words(fanIn);
    boolean int8 = p.int8();
    int planes = int8 ? 8 : p.inK();
    long inPlaneBits = 64L * PlaneVector.words(h * w * c);
    int outPlaneWords = PlaneVector.words(oh * ow * cout);
    int padElem = s.padElem();
    ThresholdPlanes thresholds = new ThresholdPlanes(p, cout);
    long full = (long) p.inK() * fanIn;
    long[] window = new long[planes * words];
    int[] sums = new int[cout];
    return x -> {
      long[] y = new long[thresholds.k() * outPlaneWords];
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          Arrays.fill(window, 0L);
          int x0 = ox * stride - pad, lo = Math.max(0, x0), hi = Math.min(w, x0 + k);
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride - pad + ky;
            for (int pl = 0; pl < planes; pl++) {
              boolean padBit = (padElem >>> pl & 1) != 0;
              long base = 64L * words * pl + (long) ky * k * c;
              if (iy < 0 || iy >= h) {
                if (padBit) PlaneVector.setBits(window, base, k * c);
                continue;
              }
              if (padBit && lo > x0) PlaneVector.setBits(window, base, (lo - x0) * c);
              if (hi > lo) PlaneVector.orBits(x, inPlaneBits * pl + ((long) iy * w + lo) * c, window, base + (long) (lo - x0) * c, (hi - lo) * c);
              if (padBit && x0 + k > hi) PlaneVector.setBits(window, base + (long) (hi - x0) * c, (x0 + k - hi) * c);
            }
          }
          if (int8) BitKernels.int8Accs(window, 0, words, weights, words, cout, BitKernels.codeSum(window, 0, words, words), sums);
          else BitKernels.disagreements(window, 0, words, planes, weights, words, cout, sums);
          int pix = oy * ow + ox;
          for (int r = 0; r < cout; r++) thresholds.write(int8 ? sums[r] : full - sums[r], r, y, outPlaneWords, pix * cout + r);
        }
      return y;
    };
  }
}
