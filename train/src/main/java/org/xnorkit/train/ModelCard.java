package org.xnorkit.train;

import java.util.Locale;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;

/** The markdown card written beside a trained model: data, training, accuracy, exactness, size, how to reproduce. */
final class ModelCard {
  private ModelCard() {}

  static String markdown(Network net, Plan plan, TrainRun.Report r, String command, long jsonBytes) {
    TrainConfig c = r.config();
    ExactnessCheck x = r.check();
    StringBuilder b = new StringBuilder();
    b.append("# ").append(r.name()).append("\n\n");
    b.append(String.format(Locale.ROOT, "A binarized %s (%s, K = %d%s) trained with xnorkit's trainer (DJL, PyTorch engine, CPU).%n%n",
        c.arch(), describe(c.arch()), c.k(), c.width() == 1.0 ? "" : ", width ×" + c.width()));
    b.append("| | |\n|---|---|\n");
    row(b, "training data", c.trainData() + ", " + r.trainImages() + " images");
    row(b, "test data", c.testData() + ", " + x.images() + " images");
    row(b, "input", net.input().encoding() == org.xnorkit.model.InputSpec.Encoding.BITS
        ? "binarized pixels, bit = pixel ≥ " + c.binarizeAt() : "8-bit codes q = pixel − 128 (the first layer adds/subtracts them)");
    row(b, "epochs / batch / seed", c.epochs() + " / " + c.batch() + " / " + c.seed());
    row(b, "optimizer", String.format(Locale.ROOT, "Adam, lr %.3g with a cosine schedule to 1 %% of it; latent weights clipped to [−1, 1]", c.lr()));
    row(b, "test top-1, integer reference engine", String.format(Locale.ROOT, "**%.2f %%**", 100 * x.integerTop1()));
    row(b, "test top-1, float binarized model (trainer)", String.format(Locale.ROOT, "%.2f %%", 100 * x.floatTop1()));
    row(b, "agreement (exactness check)", String.format(Locale.ROOT, "%d / %d images (%.3f %%), %d disagreements",
        x.images() - x.disagreements(), x.images(), 100 * x.agreement(), x.disagreements()));
    row(b, "training time", String.format(Locale.ROOT, "%.0f s (%.1f s per epoch) on this machine (2 CPU cores shared with other builds, one libtorch thread)", r.trainSeconds(), r.trainSeconds() / Math.max(1, r.log().size())));
    long weightBits = 0, thresholds = 0;
    for (Layer l : net.layers()) {
      if (l instanceof DenseLayer d) { weightBits += (long) d.inputs() * d.outputs(); thresholds += d.quantizer().thresholds().length; }
      else if (l instanceof ConvLayer cv) { weightBits += (long) cv.fanIn() * cv.outChannels(); thresholds += cv.quantizer().thresholds().length; }
      else if (l instanceof OutputLayer o) weightBits += (long) o.inputs() * o.classes();
    }
    row(b, "size", String.format(Locale.ROOT, "%,d binary weights (%.1f KiB packed), %,d integer thresholds; JSON %,d bytes", weightBits, weightBits / 8192.0, thresholds, jsonBytes));
    row(b, "content hash", "`" + r.contentHash() + "`");
    b.append("\n## Layers\n\n| layer | kind | output | plan (pe × simd) |\n|---|---|---|---|\n");
    var types = net.tensorTypes();
    for (int i = 0; i < net.layers().size(); i++) {
      Layer l = net.layers().get(i);
      Folding f = plan.folding(l.name());
      TensorType t = types.get(i + 1);
      b.append("| ").append(l.name()).append(" | ").append(l.kind()).append(" | ").append(t).append(" | ")
          .append(f == null ? "" : f.pe() + " × " + f.simd()).append(" |\n");
    }
    b.append("\n## Reproduce\n\n```\n").append(command == null ? "(programmatic run)" : command).append("\n```\n\n");
    b.append("Training is deterministic for these options on the same machine (seeded initialization and shuffling); "
        + "the run ends with the exactness check above. Per-epoch figures: `training/" + r.name() + ".log.json`, plot `training/" + r.name() + ".png`.\n");
    if (!r.explanations().isEmpty()) {
      b.append("\n## Disagreements between the float model and the integer model\n\n");
      for (String w : r.explanations()) b.append("- ").append(w).append('\n');
    }
    return b.toString();
  }

  private static String describe(String arch) {
    switch (arch) {
      case "lfc": return "FINN's LFC MLP, 784 → 1024 → 1024 → 1024 → 10";
      case "sfc": return "FINN's SFC MLP, 784 → 256 → 256 → 256 → 10";
      case "convnet": return "binary ConvNet with an 8-bit first layer";
      case "cnv": return "FINN's CNV topology";
      default: return arch;
    }
  }

  private static void row(StringBuilder b, String k, String v) { b.append("| ").append(k).append(" | ").append(v).append(" |\n"); }
}
