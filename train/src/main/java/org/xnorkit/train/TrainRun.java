package org.xnorkit.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.io.AtomicFiles;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.json.PlanJson;
import org.xnorkit.train.arch.Architecture;
import org.xnorkit.train.export.Exporter;

/**
 * One training run end to end: load data, train (resuming from a checkpoint), export the integer
 * model, run the exactness check on the whole test set, and write the model, its plan, its card,
 * the training log and the plot. Nothing is written when the exactness check fails.
 *
 * <p>Files for {@code --out models/NAME.json}: {@code NAME.json}, {@code NAME.plan.json},
 * {@code NAME.md} (card), {@code training/NAME.log.json}, {@code training/NAME.png}; the checkpoint
 * goes to {@code checkpointDir/NAME.ckpt}.
 */
public final class TrainRun {
  private TrainRun() {}

  /** What a run produced; {@code toJson} is the CLI's {@code --json} document. */
  public record Report(String name, TrainConfig config, int trainImages, ExactnessCheck check, List<EpochStats> log,
                       double trainSeconds, double totalSeconds, String contentHash, Path model, List<String> explanations) {
    public String toJson() {
      StringBuilder b = new StringBuilder("{");
      kv(b, "name", name); kv(b, "arch", config.arch()); kv(b, "k", config.k()); kv(b, "width", config.width());
      kv(b, "epochs", config.epochs()); kv(b, "seed", config.seed()); kv(b, "trainData", config.trainData());
      kv(b, "testData", config.testData()); kv(b, "trainImages", trainImages); kv(b, "images", check.images());
      kv(b, "floatTop1", check.floatTop1()); kv(b, "top1", check.integerTop1()); kv(b, "agreement", check.agreement());
      kv(b, "mismatches", check.disagreements()); kv(b, "trainSeconds", trainSeconds); kv(b, "seconds", totalSeconds);
      kv(b, "hash", contentHash); kv(b, "model", model == null ? null : model.toString());
      b.append("\"epochLog\":[");
      for (int i = 0; i < log.size(); i++) {
        EpochStats s = log.get(i);
        if (i > 0) b.append(',');
        b.append(String.format(Locale.ROOT, "{\"epoch\":%d,\"lr\":%.6g,\"trainLoss\":%.6f,\"trainTop1\":%.6f,\"testLoss\":%.6f,\"testTop1\":%.6f,\"seconds\":%.3f}",
            s.epoch(), s.lr(), s.trainLoss(), s.trainTop1(), s.testLoss(), s.testTop1(), s.seconds()));
      }
      b.append("],\"disagreements\":[");
      for (int i = 0; i < explanations.size(); i++) b.append(i > 0 ? "," : "").append(quote(explanations.get(i)));
      return b.append("]}").toString();
    }
  }

  /**
   * Trains and exports. {@code out} may be null (train and check only). {@code command} is the
   * command line recorded in the model card and metadata.
   */
  public static Report run(TrainConfig cfg, Path out, Path dataDir, Path checkpointDir, String command, PrintWriter err, boolean progress)
      throws IOException {
    long t0 = System.nanoTime();
    Dataset train = Datasets.load(cfg.trainData(), dataDir, cfg.limitTrain());
    Dataset test = Datasets.load(cfg.testData(), dataDir, cfg.limitTest());
    err.printf("train: %s, %d images; test: %s, %d images%n", cfg.trainData(), train.size(), cfg.testData(), test.size());
    String name = out == null ? cfg.arch() : stripJson(out.getFileName().toString());
    Path ckpt = checkpointDir == null ? null : checkpointDir.resolve(name + ".ckpt");
    if (train.height() != test.height() || train.width() != test.width() || train.channels() != test.channels())
      throw new org.xnorkit.model.data.DataException("training images are " + train.shape() + " (" + cfg.trainData() + ") but test images are "
          + test.shape() + " (" + cfg.testData() + ")");
    Architecture arch;
    try {
      arch = Architecture.of(cfg.arch(), cfg.k(), cfg.width(), cfg.binarizeAt(), train.height(), train.width(), train.channels());
    } catch (IllegalArgumentException e) {
      throw new org.xnorkit.model.data.DataException(cfg.trainData() + ": " + e.getMessage());
    }
    try (Trainer trainer = new Trainer(cfg, arch, err, progress)) {
      long tt = System.nanoTime();
      trainer.train(train, test, ckpt);
      double trainSeconds = sumSeconds(trainer.log());
      Trainer.Evaluation ev = trainer.evaluate(test);
      Map<String, String> md = new LinkedHashMap<>();
      md.put("source", "xnorkit train");
      md.put("arch", cfg.arch());
      md.put("k", Integer.toString(cfg.k()));
      md.put("width", Double.toString(cfg.width()));
      md.put("trainData", cfg.trainData() + (cfg.limitTrain() >= 0 ? " (first " + cfg.limitTrain() + ")" : ""));
      md.put("testData", cfg.testData() + (cfg.limitTest() >= 0 ? " (first " + cfg.limitTest() + ")" : ""));
      md.put("epochs", Integer.toString(cfg.epochs()));
      md.put("seed", Long.toString(cfg.seed()));
      if (command != null) md.put("command", command);
      Network net = Exporter.export(trainer.snapshot(), name.replaceAll("[^A-Za-z0-9_.-]", "_"), md);
      ExactnessCheck check = ExactnessCheck.run(net, test, ev.predicted());
      md.put("testTop1", String.format(Locale.ROOT, "%.4f", check.integerTop1()));
      net = net.withMetadata(md);
      List<String> why = new ArrayList<>();
      if (check.disagreements() > 0) {
        try (ReferenceEngine engine = new ReferenceEngine(net, 1)) {
          for (int i : check.disagreeing()) {
            if (why.size() >= 100) { why.add((check.disagreements() - 100) + " more not diagnosed"); break; }
            why.add(trainer.diagnose(net, engine, test, i));
          }
        }
      }
      err.printf(Locale.ROOT, "test top-1: float binarized model %.2f %%, integer engine %.2f %%; agreement %d/%d = %.3f %% (%d disagreements)%n",
          100 * check.floatTop1(), 100 * check.integerTop1(), check.images() - check.disagreements(), check.images(),
          100 * check.agreement(), check.disagreements());
      for (String w : why) err.println("  " + w);
      if (!check.passes())
        throw new MismatchException(String.format(Locale.ROOT, "%s: the exported model agrees with the float model on %.3f %% of %d test images, below the required %.1f %%; nothing written",
            name, 100 * check.agreement(), check.images(), 100 * ExactnessCheck.REQUIRED_AGREEMENT));
      double total = (System.nanoTime() - t0) / 1e9;
      String hash = ModelJson.contentHash(net);
      Report report = new Report(name, cfg, train.size(), check, trainer.log(), trainSeconds, total, hash, out, why);
      if (out != null) writeAll(out, net, report, command);
      return report;
    }
  }

  private static double sumSeconds(List<EpochStats> log) {
    double s = 0;
    for (EpochStats e : log) s += e.seconds();
    return s;
  }

  static String stripJson(String f) { return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f; }

  private static void writeAll(Path out, Network net, Report r, String command) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir.resolve("training"));
    String name = r.name();
    Plan plan = PlanMaker.modest(net);
    ModelJson.write(net, out);
    PlanJson.write(plan, PlanJson.siblingOf(out));
    AtomicFiles.writeString(dir.resolve("training").resolve(name + ".log.json"), r.toJson() + "\n");
    AtomicFiles.write(dir.resolve("training").resolve(name + ".png"),
        TrainingPlot.png(name + " — " + r.config().arch() + " K=" + r.config().k() + ", seed " + r.config().seed(), r.log(), r.check().integerTop1()));
    AtomicFiles.writeString(dir.resolve(name + ".md"), ModelCard.markdown(net, plan, r, command, Files.size(out)));
  }

  static void kv(StringBuilder b, String k, Object v) {
    b.append(quote(k)).append(':');
    if (v == null) b.append("null");
    else if (v instanceof String s) b.append(quote(s));
    else if (v instanceof Double d) b.append(String.format(Locale.ROOT, "%.6g", d));
    else b.append(v);
    b.append(',');
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
