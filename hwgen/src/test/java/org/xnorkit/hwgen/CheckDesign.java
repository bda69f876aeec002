package org.xnorkit.hwgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.json.ModelJson;

/** Test tool: {@code DESIGN MODEL DATASPEC N STALL}: runs N images through the design in Icarus and compares with the reference engine. */
public final class CheckDesign {
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    Network net = ModelJson.read(Path.of(a[1]));
    Dataset d = Datasets.load(a[2], null, Integer.parseInt(a[3]));
    Manifest m = Manifest.read(dir);
    List<byte[]> imgs = new ArrayList<>(List.of(d.images()));
    long t0 = System.nanoTime();
    List<IcarusRun.OutBeat> beats = IcarusRun.run(dir, m, imgs, Integer.parseInt(a[4]), 1);
    StreamFormat fmt = new StreamFormat(m);
    ReferenceEngine eng = new ReferenceEngine(net);
    int per = m.outputBeatsPerImage(), mism = 0;
    long[] lastCycle = new long[imgs.size()];
    for (int i = 0; i < imgs.size(); i++) {
      List<byte[]> b = new ArrayList<>();
      for (int j = 0; j < per; j++) b.add(beats.get(i * per + j).data());
      lastCycle[i] = beats.get(i * per + per - 1).cycle();
      Inference got = fmt.decodeOutput(b), want = eng.infer(imgs.get(i));
      boolean ok = java.util.Arrays.equals(got.scores(), want.scores()) && got.predicted() == want.predicted()
          && java.util.Arrays.equals(got.classBits(), want.classBits());
      if (!ok) { mism++; System.out.println("image " + i + ": got " + java.util.Arrays.toString(got.scores()) + " class " + got.predicted()
          + ", want " + java.util.Arrays.toString(want.scores()) + " class " + want.predicted()); }
    }
    int n = imgs.size(), h = n / 2;
    System.out.printf("%d images, %d mismatches, first result at cycle %d, steady state %.1f cycles/image (analytical %d), %.1f s%n",
        n, mism, lastCycle[0], n > 2 ? (lastCycle[n - 1] - lastCycle[h]) / (double) (n - 1 - h) : 0.0, m.cyclesPerImage(), (System.nanoTime() - t0) / 1e9);
  }
}
