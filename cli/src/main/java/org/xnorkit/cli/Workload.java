package org.xnorkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.DataException;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.json.ModelJson;

/** Steps the commands share: load a model, check a data set fits it, run the reference engine. */
final class Workload {
  private Workload() {}

  /** Most images per engine call: progress shows between calls. */
  private static final int MAX_CHUNK = 2048;

  static Network loadModel(Path file) throws IOException {
    return ModelJson.read(file);
  }

  /** A data set whose images are not the model's input shape is refused, naming both. */
  static void checkFits(Network net, Path modelFile, Dataset data) {
    InputSpec in = net.input();
    if (data.height() != in.height() || data.width() != in.width() || data.channels() != in.channels())
      throw new DataException("data set " + data.name() + " has " + data.shape() + " images, but model '" + net.name() + "' ("
          + modelFile + ") expects " + in.height() + "x" + in.width() + "x" + in.channels() + " (height x width x channels)");
  }

  /** Result of running the reference engine over a data set. */
  record Run(Inference[] inferences, double seconds, int threads) {
    double imagesPerSecond() { return seconds > 0 ? inferences.length / seconds : 0; }
  }

  /** All images through the engine (all cores), in chunks so progress shows on stderr. */
  static Run infer(Network net, Dataset data, Common common, String stage) {
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      int n = data.size();
      Inference[] all = new Inference[n];
      Progress progress = common.progress(stage, n);
      // About 20 steps, each large enough to keep every core busy.
      int chunk = Math.max(8 * engine.threads(), Math.min(MAX_CHUNK, n / 20));
      long start = System.nanoTime();
      for (int from = 0; from < n; from += chunk) {
        int to = Math.min(n, from + chunk);
        byte[][] images = java.util.Arrays.copyOfRange(data.images(), from, to);
        Inference[] part = engine.inferBatch(images);
        System.arraycopy(part, 0, all, from, part.length);
        progress.update(to, "images");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Run(all, seconds, engine.threads());
    }
  }

  /** A rate rounded to one decimal, as printed. */
  static double round1(double v) { return Math.round(v * 10) / 10.0; }

  /** A fraction rounded to six decimals (JSON stays short and stable). */
  static double round6(double v) { return Math.round(v * 1e6) / 1e6; }

  /** Seconds rounded to milliseconds. */
  static double round3(double v) { return Math.round(v * 1e3) / 1e3; }
}
