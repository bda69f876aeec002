package org.xnorkit.hwgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.io.ProjectRoot;
import org.xnorkit.model.json.ModelJson;

/**
 * The cost model against recorded Yosys {@code synth_xilinx} measurements (calibration.json beside
 * this class: per design the model, the plan it was synthesized with and every unit's LUTs,
 * flip-flops and RAMB18s, from {@code xnorkit synth --target xilinx7 --json}; docs/synth.md,
 * "Calibration", says how to record them again). Designs marked {@code "fit": true} are the ones
 * the LUT coefficients were fitted on; the others are held out.
 */
class CostModelCalibrationTest {
  record Unit(String module, long luts, long ffs, long bram18, JsonNode shape) {}
  record Design(String name, String model, boolean fit, Plan plan, List<Unit> units) {
    long luts() { return units.stream().mapToLong(Unit::luts).sum(); }
    long ffs() { return units.stream().mapToLong(Unit::ffs).sum(); }
    long bram18() { return units.stream().mapToLong(Unit::bram18).sum(); }
  }

  static List<Design> designs = new ArrayList<>();

  @BeforeAll
  static void read() throws Exception {
    JsonNode root;
    try (InputStream in = CostModelCalibrationTest.class.getResourceAsStream("calibration.json")) {
      root = new ObjectMapper().readTree(in);
    }
    for (JsonNode d : root.path("designs")) {
      Map<String, Folding> folds = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = d.path("plan").path("foldings").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        folds.put(e.getKey(), new Folding(e.getValue().path("pe").asInt(), e.getValue().path("simd").asInt()));
      }
      Map<String, Integer> depths = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = d.path("plan").path("fifoDepths").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        depths.put(e.getKey(), e.getValue().asInt());
      }
      Plan plan = new Plan(folds, depths, d.path("plan").path("inputBusBits").asInt(), d.path("plan").path("outputBusBits").asInt());
      List<Unit> units = new ArrayList<>();
      for (JsonNode u : d.path("units"))
        units.add(new Unit(u.path("module").asText(), u.path("luts").asLong(), u.path("ffs").asLong(), u.path("bram18").asLong(), u.get("shape")));
      designs.add(new Design(d.path("name").asText(), d.path("model").asText(), d.path("fit").asBoolean(), plan, units));
    }
  }

  /** The plan's estimate per synthesized unit: FIFOs together, as synthesis reports them. */
  static Map<String, LayerEstimate> estimates(Design d) throws Exception {
    Network net = ModelJson.read(ProjectRoot.require().resolve("models").resolve(d.model()));
    ResolvedPlan r = Planner.resolve(net, d.plan(), 0, "calibration");
    Map<String, LayerEstimate> out = new LinkedHashMap<>();
    for (UnitEstimate u : r.units()) out.merge(u.isFifo() ? "fifos" : u.module(), u.estimate(), LayerEstimate::plus);
    // the recorded shapes are the ones the estimate is computed from: a model whose architecture changed since must be measured again
    for (Unit u : d.units())
      if (u.shape() != null) {
        CostModel.Mvtu m = r.units().stream().filter(x -> x.module().equals(u.module())).findFirst().orElseThrow().mvtu();
        String now = m.pe() + "x" + m.simd() + " nf " + m.nf() + " sf " + m.sf() + " fanIn " + m.fanIn() + " acc " + m.accBits() + " K " + m.thresholdK();
        String then = u.shape().path("pe").asInt() + "x" + u.shape().path("simd").asInt() + " nf " + u.shape().path("nf").asInt() + " sf "
            + u.shape().path("sf").asInt() + " fanIn " + u.shape().path("fanIn").asInt() + " acc " + u.shape().path("accBits").asInt() + " K " + u.shape().path("K").asInt();
        assertEquals(then, now, d.name() + " " + u.module() + ": models/" + d.model() + " is not the model that was measured (re-record its calibration)");
      }
    return out;
  }

  static double error(long measured, long estimate) { return estimate == 0 ? 0 : (double) (measured - estimate) / estimate; }

  /** Block RAM exact on every unit (weight memories and line buffers) of every design. */
  @Test
  void blockRamIsExactForEveryUnitOfEveryDesign() throws Exception {
    for (Design d : designs) {
      Map<String, LayerEstimate> e = estimates(d);
      for (Unit u : d.units()) {
        LayerEstimate est = e.get(u.module());
        assertTrue(est != null, d.name() + ": no estimate for " + u.module());
        assertEquals(u.bram18(), est.bram18(), d.name() + " " + u.module() + " RAMB18");
      }
    }
  }

  /** Total LUTs and flip-flops within 15 % on every design over 2k LUTs; at least five of them, BNN-PYNQ's LFC and CNV among them. */
  @Test
  void totalsAreWithinFifteenPercentOnTheLargeDesigns() throws Exception {
    StringBuilder table = new StringBuilder();
    int large = 0, heldOut = 0;
    List<String> bad = new ArrayList<>();
    for (Design d : designs) {
      Map<String, LayerEstimate> e = estimates(d);
      long luts = e.values().stream().mapToLong(LayerEstimate::luts).sum(), ffs = e.values().stream().mapToLong(LayerEstimate::ffs).sum();
      long bram = e.values().stream().mapToLong(LayerEstimate::bram18).sum();
      double le = error(d.luts(), luts), fe = error(d.ffs(), ffs);
      table.append(String.format(Locale.ROOT, "%-14s %-5s LUT %6d est %6d (%+5.1f %%)  FF %6d est %6d (%+5.1f %%)  RAMB18 %4d est %4d%n",
          d.name(), d.fit() ? "fit" : "held", d.luts(), luts, 100 * le, d.ffs(), ffs, 100 * fe, d.bram18(), bram));
      if (d.luts() < 2000) continue;
      large++;
      if (!d.fit()) heldOut++;
      if (Math.abs(le) > 0.15 || Math.abs(fe) > 0.15) bad.add(d.name());
    }
    System.err.print(table);
    assertTrue(bad.isEmpty(), "outside 15 %: " + bad + "\n" + table);
    assertTrue(large >= 5, "at least five designs over 2k LUTs:\n" + table);
    assertTrue(heldOut >= 2, "at least two large designs held out of the fit:\n" + table);
    assertTrue(designs.stream().anyMatch(d -> d.model().equals("lfc-w1a1-mnist.json") && d.luts() > 20000), "LFC-W1A1 is measured");
    assertTrue(designs.stream().anyMatch(d -> d.model().equals("cnv-w1a1-cifar10.json") && d.luts() > 20000), "CNV-W1A1 is measured");
  }

  /**
   * The MVTU LUT coefficients are the least-squares fit of the recorded MVTUs of the fit designs
   * (rows weighted by 1/√LUTs, so relative errors count; every coefficient comes out positive, so
   * this is also the non-negative fit): re-fitting the recorded data gives CostModel's coefficients.
   */
  @Test
  void theLutCoefficientsAreTheLeastSquaresFitOfTheFitDesigns() {
    int n = CostModel.MVTU_LUT_TERMS.length;
    double[][] ata = new double[n][n];
    double[] atb = new double[n];
    int rows = 0;
    for (Design d : designs) {
      if (!d.fit()) continue;
      for (Unit u : d.units()) {
        if (u.shape() == null) continue;
        JsonNode s = u.shape();
        CostModel.Mvtu m = new CostModel.Mvtu(s.path("pe").asInt(), s.path("simd").asInt(), s.path("nf").asInt(), s.path("sf").asInt(), 1,
            s.path("fanIn").asInt(), s.path("rowElems").asInt(), s.path("slots").asInt(), s.path("elemBits").asInt(), s.path("int8").asBoolean(),
            s.path("accBits").asInt(), s.path("K").asInt());
        double[] t = CostModel.mvtuLutTerms(m);
        double w = 1 / Math.sqrt(u.luts()), w2 = w * w;
        for (int i = 0; i < n; i++) {
          atb[i] += w2 * t[i] * u.luts();
          for (int j = 0; j < n; j++) ata[i][j] += w2 * t[i] * t[j];
        }
        rows++;
      }
    }
    double[] x = solve(ata, atb);
    StringBuilder fitted = new StringBuilder();
    for (int i = 0; i < n; i++) fitted.append(String.format(Locale.ROOT, "%s %.4f%n", CostModel.MVTU_LUT_TERMS[i], x[i]));
    assertTrue(rows >= 3 * n, rows + " MVTUs for " + n + " coefficients");
    for (int i = 0; i < n; i++) {
      assertTrue(x[i] > 0, "a negative coefficient: the non-negative fit differs; fitted:\n" + fitted);
      assertEquals(x[i], CostModel.MVTU_LUT_COEFFS[i], 0.005 * x[i] + 1e-3, CostModel.MVTU_LUT_TERMS[i] + "; fitted:\n" + fitted);
    }
  }

  /** Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) { m[i] = java.util.Arrays.copyOf(a[i], n + 1); m[i][n] = b[i]; }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
      double[] t = m[c]; m[c] = m[p]; m[p] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) m[r][k] -= f * m[c][k];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double v = m[r][n];
      for (int k = r + 1; k < n; k++) v -= m[r][k] * x[k];
      x[r] = v / m[r][r];
    }
    return x;
  }
}
