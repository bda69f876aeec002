package org.xnorkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/** Small seeded networks written to model files, for driving the CLI end to end. */
final class TestModels {
  private TestModels() {}

  /** A 28x28x1 → dense(hidden) → output(10) network with seeded random weights and thresholds. */
  static Network mnistShaped(long seed, int hidden) {
    Random r = new Random(seed);
    int in = 28 * 28;
    PackedBits w0 = PackedBits.of(hidden, in, (row, col) -> r.nextBoolean());
    int[] t0 = new int[hidden];
    for (int c = 0; c < hidden; c++) t0[c] = in / 2 - 20 + r.nextInt(41); // near the middle of [0, 784]: both levels occur
    DenseLayer fc0 = new DenseLayer("fc0", in, hidden, w0, Quantizer.ascending(hidden, 1, t0));
    PackedBits w1 = PackedBits.of(10, hidden, (row, col) -> r.nextBoolean());
    OutputLayer out = new OutputLayer("out", hidden, 10, new OutputWeights.Binary(w1), null, null, null, Readout.ARGMAX);
    return new Network("test-mnist-" + seed, InputSpec.binarized(28, 28, 1, 128), List.of(fc0, out), Map.of("source", "TestModels"));
  }

  static Path write(Network net, Path dir) throws IOException {
    Path f = dir.resolve(net.name() + ".json");
    ModelJson.write(net, f);
    return f;
  }
}
