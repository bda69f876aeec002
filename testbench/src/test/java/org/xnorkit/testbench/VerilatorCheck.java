package org.xnorkit.testbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.json.ModelJson;

/**
 * Test tool: {@code DESIGN MODEL DATASPEC N}: builds the Verilator harness of a generated design,
 * streams N data set images through it in the steady state (no stalls) and compares every result
 * with the reference engine; prints mismatches and the steady-state cycles per image.
 */
public final class VerilatorCheck {
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    Network net = ModelJson.read(Path.of(a[1]));
    Dataset d = Datasets.load(a[2], null, Integer.parseInt(a[3]));
    Manifest m = Manifest.read(dir);
    StreamFormat fmt = new StreamFormat(m);
    List<List<AxisBeat>> images = new ArrayList<>();
    for (byte[] img : d.images()) {
      List<AxisBeat> beats = new ArrayList<>();
      for (StreamFormat.Beat b : fmt.packImage(img)) {
        byte[] keep = new byte[(m.inputBusBits() / 8 + 7) / 8];
        for (int i = 0; i < keep.length; i++) keep[i] = (byte) (b.keep() >>> (8 * i));
        beats.add(new AxisBeat(b.data(), keep, b.last()));
      }
      images.add(beats);
    }
    long t0 = System.nanoTime();
    VerilatorBuild.Result built = new VerilatorBuild(Path.of(a.length > 4 ? a[4] : "target/verilator-cache"))
        .build(DesignFiles.of(dir), new HarnessConfig(m.top(), m.inputBusBits(), m.outputBusBits()));
    System.out.printf("verilator build %.1f s (cached %s)%n", (System.nanoTime() - t0) / 1e9, built.cached());
    int per = m.outputBeatsPerImage();
    RunOptions opt = RunOptions.steady(RunOptions.budget(m.cyclesPerImage(), m.latencyCycles(), images.size(), 0, 0), per);
    VerilatorSimulator.Run run = built.simulator().run(dir, images, opt);
    List<LoggedBeat> out = run.log().output();
    ReferenceEngine eng = new ReferenceEngine(net);
    int n = images.size(), mism = 0, agree = 0;
    long[] lastCycle = new long[n];
    if (out.size() != n * per) System.out.println("got " + out.size() + " result beats, expected " + n * per + " (status " + run.log().status() + ")");
    for (int i = 0; i < n && (i + 1) * per <= out.size(); i++) {
      List<byte[]> b = new ArrayList<>();
      for (int j = 0; j < per; j++) b.add(out.get(i * per + j).data());
      lastCycle[i] = out.get(i * per + per - 1).cycle();
      Inference got = fmt.decodeOutput(b), want = eng.infer(d.images()[i]);
      boolean ok = Arrays.equals(got.scores(), want.scores()) && got.predicted() == want.predicted() && Arrays.equals(got.classBits(), want.classBits());
      if (!ok) { mism++; System.out.println("image " + i + ": got " + Arrays.toString(got.scores()) + " want " + Arrays.toString(want.scores())); }
      if (got.predicted() == d.labels()[i]) agree++;
    }
    int h = n / 2;
    System.out.printf("%d images, %d mismatches, %d correct labels, first result at cycle %d, steady state %.1f cycles/image (analytical %d), %d cycles in all, run %.1f s%n",
        n, mism, agree, lastCycle[0], n > 2 ? (lastCycle[n - 1] - lastCycle[h]) / (double) (n - 1 - h) : 0.0, m.cyclesPerImage(),
        run.log().cycles(), run.seconds());
  }
}
