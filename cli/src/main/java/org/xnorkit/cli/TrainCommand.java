package org.xnorkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.train.EpochStats;
import org.xnorkit.train.TrainConfig;
import org.xnorkit.train.TrainRun;
import org.xnorkit.train.arch.Architecture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code xnorkit train}: trains a BNN on the CPU (DJL, PyTorch engine, offline), exports it to the
 * model JSON with batch-norm folded into integer thresholds, and checks the export against the
 * float model on the whole test set (≥ 99.9 % agreement or nothing is written).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a binarized network with straight-through estimators and exports it exactly:",
        "writes NAME.json, NAME.plan.json, the card NAME.md, training/NAME.log.json and training/NAME.png.",
        "An interrupted run resumes from its checkpoint (CHECKPOINT-DIR/NAME.ckpt)."})
public final class TrainCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--arch", required = true, paramLabel = "A", description = "lfc, sfc, convnet, cnv (or tiny, for tests).")
  String arch;

  @Option(names = "--k", defaultValue = "1", paramLabel = "K", description = "Thresholds per channel of every hidden quantizer: 1 (binary), 2 or 3 (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--width", defaultValue = "1.0", paramLabel = "W", description = "Multiplies every hidden width (default: ${DEFAULT-VALUE}).")
  double width;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of initialization and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--batch", defaultValue = "128", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.003", paramLabel = "LR", description = "Adam learning rate at the start of the cosine schedule (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--binarize-at", defaultValue = "128", paramLabel = "P", description = "Bits input: bit = pixel >= P (default: ${DEFAULT-VALUE}).")
  int binarizeAt;

  @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "D", description = "Data set name; trains on D:train, tests on D:test (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--train-data", paramLabel = "SPEC", description = "Training set spec, overrides --data (e.g. cifar10:test).")
  String trainData;

  @Option(names = "--test-data", paramLabel = "SPEC", description = "Test set spec, overrides --data.")
  String testData;

  @Option(names = "--limit-train", defaultValue = "-1", paramLabel = "N", description = "Only the first N training images (default: all).")
  int limitTrain;

  @Option(names = "--limit-test", defaultValue = "-1", paramLabel = "N", description = "Only the first N test images (default: all).")
  int limitTest;

  @Option(names = "--shuffle-labels", description = "Train on randomly permuted labels (a sanity check: the model must not learn).")
  boolean shuffleLabels;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the named data sets.")
  Path dataDir;

  @Option(names = "--checkpoint-dir", defaultValue = "build/train", paramLabel = "DIR", description = "Where per-epoch checkpoints go (default: ${DEFAULT-VALUE}).")
  Path checkpointDir;

  @Option(names = "--out", paramLabel = "FILE", description = "Model file to write (models/NAME.json); without it the run only trains and checks.")
  Path out;

  @Override public Integer call() throws Exception {
    // Offline: every native library comes from the Maven jars; a download attempt fails at once.
    if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    TrainConfig cfg;
    try {
      cfg = new TrainConfig(arch, k, width, epochs, seed, batch, lr, binarizeAt,
          trainData != null ? trainData : data + ":train", testData != null ? testData : data + ":test",
          limitTrain, limitTest, shuffleLabels);
      Architecture.of(arch, k, width, binarizeAt); // an unknown name or width fails here, before any data is read
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(common.spec.commandLine(), e.getMessage());
    }
    PrintWriter err = common.quiet() ? new PrintWriter(java.io.Writer.nullWriter()) : common.err();
    TrainRun.Report r = TrainRun.run(cfg, out, dataDir, checkpointDir, commandLine(), err, !common.quiet());
    if (common.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("name", r.name());
      doc.put("arch", arch);
      doc.put("k", k);
      doc.put("width", width);
      doc.put("epochs", epochs);
      doc.put("seed", seed);
      doc.put("trainData", cfg.trainData());
      doc.put("testData", cfg.testData());
      doc.put("trainImages", r.trainImages());
      doc.put("images", r.check().images());
      doc.put("top1", Workload.round6(r.check().integerTop1()));
      doc.put("floatTop1", Workload.round6(r.check().floatTop1()));
      doc.put("agreement", Workload.round6(r.check().agreement()));
      doc.put("mismatches", r.check().disagreements());
      doc.put("trainSeconds", Workload.round3(r.trainSeconds()));
      doc.put("seconds", Workload.round3(r.totalSeconds()));
      doc.put("hash", r.contentHash());
      doc.put("model", out == null ? null : out.toString());
      List<Map<String, Object>> log = new ArrayList<>();
      for (EpochStats s : r.log()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", s.epoch());
        e.put("trainLoss", Workload.round6(s.trainLoss()));
        e.put("trainTop1", Workload.round6(s.trainTop1()));
        e.put("testLoss", Workload.round6(s.testLoss()));
        e.put("testTop1", Workload.round6(s.testTop1()));
        e.put("seconds", Workload.round3(s.seconds()));
        log.add(e);
      }
      doc.put("epochLog", log);
      doc.put("disagreements", r.explanations());
      common.printJson(doc);
    } else {
      common.out().printf(Locale.ROOT, "%s: test top-1 %.2f %% (integer engine), %.2f %% (float binarized model); agreement %d/%d (%.3f %%); %.0f s training%s%n",
          r.name(), 100 * r.check().integerTop1(), 100 * r.check().floatTop1(), r.check().images() - r.check().disagreements(), r.check().images(),
          100 * r.check().agreement(), r.trainSeconds(), out == null ? "" : "; wrote " + out);
      common.out().flush();
    }
    return 0;
  }

  /** The command as recorded in the model card (options as given). */
  private String commandLine() {
    StringBuilder b = new StringBuilder("./xnorkit train --arch ").append(arch);
    if (k != 1) b.append(" --k ").append(k);
    if (width != 1.0) b.append(" --width ").append(width);
    b.append(" --epochs ").append(epochs).append(" --seed ").append(seed);
    if (batch != 128) b.append(" --batch ").append(batch);
    if (lr != 0.003) b.append(" --lr ").append(lr);
    if (binarizeAt != 128) b.append(" --binarize-at ").append(binarizeAt);
    if (trainData == null && testData == null) b.append(" --data ").append(data);
    if (trainData != null) b.append(" --train-data ").append(trainData);
    if (testData != null) b.append(" --test-data ").append(testData);
    if (limitTrain >= 0) b.append(" --limit-train ").append(limitTrain);
    if (limitTest >= 0) b.append(" --limit-test ").append(limitTest);
    if (shuffleLabels) b.append(" --shuffle-labels");
    if (out != null) b.append(" --out ").append(out);
    return b.toString();
  }
}
