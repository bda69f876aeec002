package org.xnorkit.simulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest FIFO depths that cause no stall: depths with which every result beat fires at the
 * same cycle as with unbounded FIFOs, for the given images and stall streams. A FIFO in front of a
 * slower unit may fill up whatever its depth (the producer then waits for the bottleneck, not for
 * the FIFO), so "no stall" is judged at the output: a FIFO is deep enough when making it deeper
 * would not move any result.
 *
 * <p>How: one run with every FIFO unbounded gives the reference result cycles and, per FIFO, the
 * depth that would never have refused a beat in it ({@code fifoNeededDepth}) — with those depths
 * the run is identical, so they are an upper bound. Then each FIFO in stream order is shrunk by
 * binary search to the smallest depth that keeps every result cycle of the reference. A last run
 * with all the chosen depths checks the outcome; should it differ (a design whose results are not
 * monotone in a FIFO's depth), the upper bounds are returned instead, which are always right.
 */
public final class FifoSizing {
  private FifoSizing() {}

  /** "Unbounded": deeper than any run can fill (beats are counted in an int). */
  static final int UNBOUNDED = Integer.MAX_VALUE / 2;

  /**
   * @param depths          the suggested depth per FIFO, keyed by its consumer (stream order, "output" last)
   * @param cycles          cycles of the run with those depths (equal to the unbounded run's)
   * @param cyclesPerImage  steady-state cycles per image with those depths
   * @param upperBounds     the depths that never refuse a beat in the unbounded run
   * @param runs            simulations it took
   */
  public record Result(Map<String, Integer> depths, long cycles, double cyclesPerImage, Map<String, Integer> upperBounds, int runs) {
    public Result {
      depths = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(depths));
      upperBounds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(upperBounds));
    }
  }

  public static Result suggest(CycleSimulator sim, List<byte[]> images, SimOptions o) {
    List<String> names = sim.fifoNames();
    int n = names.size();
    int[] unbounded = new int[n];
    Arrays.fill(unbounded, UNBOUNDED);
    SimOptions plain = new SimOptions(o.seed(), o.gap(), o.backpressure(), o.budget(), false, null);
    SimRun ref = sim.withFifoDepths(unbounded).run(images, plain, null);
    int runs = 1;
    if (ref.status() != SimRun.Status.DONE)
      throw new IllegalStateException("the run with unbounded FIFOs ended with " + ref.status() + " after " + ref.cycles() + " cycles");
    long[] want = resultCycles(ref);
    int[] upper = new int[n];
    for (int i = 0; i < n; i++) upper[i] = ref.report().layer(names.get(i)).fifoNeededDepth();

    int[] depths = upper.clone();
    for (int i = 0; i < n; i++) {
      int lo = 1, hi = upper[i]; // hi always keeps the reference
      while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        depths[i] = mid;
        SimRun r = sim.withFifoDepths(depths).run(images, plain, null);
        runs++;
        if (r.status() == SimRun.Status.DONE && Arrays.equals(resultCycles(r), want)) hi = mid;
        else lo = mid + 1;
      }
      depths[i] = hi;
    }
    SimRun check = sim.withFifoDepths(depths).run(images, plain, null);
    runs++;
    if (check.status() != SimRun.Status.DONE || !Arrays.equals(resultCycles(check), want)) {
      depths = upper;
      check = ref;
    }
    Map<String, Integer> out = new LinkedHashMap<>(), bounds = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(names.get(i), depths[i]);
      bounds.put(names.get(i), upper[i]);
    }
    return new Result(out, check.cycles(), check.report().cyclesPerImage(), bounds, runs);
  }

  private static long[] resultCycles(SimRun r) {
    long[] c = new long[r.outputBeats().size() + 1];
    for (int i = 0; i < r.outputBeats().size(); i++) c[i] = r.outputBeats().get(i).cycle();
    c[c.length - 1] = r.cycles();
    return c;
  }
}
