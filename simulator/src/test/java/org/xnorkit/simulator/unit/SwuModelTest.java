package org.xnorkit.simulator.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xnorkit.hwgen.rtl.SwuParams;

/**
 * The sliding-window unit's line buffer on its own, fed one beat per cycle and drained one beat per
 * cycle: with the documented row count (docs/timing.md, "Sliding-window unit") every shape of the
 * sweep reaches its cycles per image max(writes, reads) with no bubble between images, one row
 * fewer does not (for each padding), and the first window leaves as soon as its rows are in. The
 * model is the RTL's twin cycle for cycle (checked against Verilator in the testbench), so this is
 * the RTL's behaviour too.
 */
class SwuModelTest {
  /** Kernels 1..5, strides 1..3, pads 0..2, H 1..14, W and beats per pixel over small and odd values. */
  static List<SwuParams> sweep() {
    List<SwuParams> out = new ArrayList<>();
    for (int k = 1; k <= 5; k++)
      for (int s = 1; s <= 3; s++)
        for (int pad = 0; pad < k && pad <= 2; pad++)
          for (int h = 1; h <= 14; h++)
            for (int w : new int[] {1, 2, 3, 5, 8})
              for (int bpp : new int[] {1, 2, 3, 4, 9, 16}) {
                if (h + 2 * pad < k || w + 2 * pad < k) continue;
                out.add(new SwuParams("t", h, w, bpp, 1, 1, k, s, pad, 0));
              }
    return out;
  }

  /** The unit alone, input always valid and output always ready: the cycle of each image's last window beat. */
  static long[] lastBeats(SwuParams p, int images, long[] firstOut) {
    VectorChannel<long[]> in = new VectorChannel<>("in"), out = new VectorChannel<>("out");
    for (int i = 0; i < images; i++) in.push(new long[] {i});
    SwuModel m = new SwuModel("t", p, in, out, x -> x);
    long perImage = (long) p.outH() * p.outW() * p.kernel() * p.kernel();
    long inTotal = (long) images * p.pixels() * p.beatsPerPixel();
    long[] last = new long[images];
    long inBeats = 0, outBeats = 0;
    int done = 0;
    for (long c = 0; done < images; c++) {
      if (c > 1000 + 10L * images * p.cyclesPerImage()) throw new AssertionError(p + ": stuck at cycle " + c);
      boolean inFire = inBeats < inTotal && m.inReady();
      boolean outFire = m.outValid();
      m.step(c, inFire, outFire);
      if (inFire) inBeats++;
      if (outFire) {
        if (outBeats == 0 && firstOut != null) firstOut[0] = c;
        if (++outBeats % perImage == 0) last[done++] = c;
      }
    }
    for (int i = 0; i < images; i++) assertEquals(i, out.pop()[0], p + ": image values out of order");
    return last;
  }

  /** Steady state: the spacing of the last images' last beats (docs/timing.md). */
  static double cyclesPerImage(SwuParams p) {
    int n = 8, h = n / 2;
    long[] last = lastBeats(p, n, null);
    return (double) (last[n - 1] - last[h]) / (n - 1 - h);
  }

  static SwuParams withRows(SwuParams p, int rows) {
    return new SwuParams(p.name(), p.height(), p.width(), p.channels(), p.elemBits(), p.inBeatElems(), p.kernel(), p.stride(),
        p.padding(), p.padElem(), rows);
  }

  @Test
  void everyShapeReachesItsCyclesPerImage() {
    List<SwuParams> shapes = sweep();
    for (SwuParams p : shapes)
      assertEquals((double) p.cyclesPerImage(), cyclesPerImage(p), p + " with " + p.rows() + " rows");
    assertTrue(shapes.size() > 10_000, shapes.size() + " shapes");
  }

  @Test
  void oneRowFewerLosesCyclesForEveryPadding() {
    for (int pad = 0; pad <= 2; pad++) {
      int lost = 0;
      for (SwuParams p : sweep())
        if (p.padding() == pad && p.rows() > p.kernel() && cyclesPerImage(withRows(p, p.rows() - 1)) > p.cyclesPerImage()) lost++;
      assertTrue(lost > 0, "pad " + pad + ": the rule gives more rows than any shape needs");
    }
  }

  @Test
  void theFirstWindowLeavesOnceItsRowsAreIn() {
    for (SwuParams p : sweep()) {
      long[] first = new long[1];
      lastBeats(p, 2, first);
      long rows = Math.min(p.height(), p.kernel() - p.padding());
      // the fire completing its last row at cycle rows·W·bpp − 1, the issue the next cycle, on out two later
      assertEquals(rows * p.width() * p.beatsPerPixel() + 2, first[0], p + ": first window beat");
    }
  }

  @Test
  void theRowRule() {
    // docs/timing.md's examples
    assertEquals(6, SwuParams.lineRows(30, 3, 1, 0));
    assertEquals(7, SwuParams.lineRows(30, 3, 2, 0)); // (30 − 3) mod 2 = 1
    assertEquals(5, SwuParams.lineRows(32, 3, 1, 1));
    assertEquals(4, SwuParams.lineRows(28, 2, 2, 0));
    assertEquals(5, SwuParams.lineRows(27, 2, 2, 0));
    assertEquals(2, SwuParams.lineRows(32, 1, 1, 0));
    assertEquals(3, SwuParams.lineRows(1, 3, 1, 1)); // one window's rows, though two images are 2 rows
    assertEquals(4, SwuParams.lineRows(2, 3, 1, 1)); // two whole images
    assertEquals(6, SwuParams.lineRows(3, 3, 1, 0)); // CNV's last conv: 3×3 on 3×3, as a double buffer
  }
}
