package org.xnorkit.train;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Plain-Java entry point with the options of {@code xnorkit train}, for running the trainer without
 * the CLI: {@code --arch lfc|sfc|convnet|cnv|tiny [--k K] [--width W] [--epochs N] [--seed S]
 * [--batch B] [--lr LR] [--binarize-at P] [--data NAME | --train-data SPEC --test-data SPEC]
 * [--limit-train N] [--limit-test N] [--shuffle-labels] [--data-dir DIR] [--checkpoint-dir DIR]
 * [--out models/NAME.json] [--json] [--quiet]}.
 */
public final class TrainMain {
  private TrainMain() {}

  public static void main(String[] args) throws Exception {
    TrainConfig cfg = null;
    String arch = null;
    Path out = null, dataDir = null, ckpt = Path.of("build", "train");
    boolean json = false, quiet = false;
    java.util.List<String[]> opts = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--json": json = true; break;
        case "--quiet": quiet = true; break;
        case "--shuffle-labels": opts.add(new String[] {a, "true"}); break;
        default:
          if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
          String v = args[++i];
          if (a.equals("--arch")) arch = v;
          else if (a.equals("--out")) out = Path.of(v);
          else if (a.equals("--data-dir")) dataDir = Path.of(v);
          else if (a.equals("--checkpoint-dir")) ckpt = Path.of(v);
          else opts.add(new String[] {a, v});
      }
    }
    if (arch == null) throw new IllegalArgumentException("--arch is required (lfc, sfc, convnet, cnv)");
    cfg = apply(TrainConfig.defaults(arch), opts);
    TrainRun.Report r = TrainRun.run(cfg, out, dataDir, ckpt, commandLine(args), new java.io.PrintWriter(System.err, true), !quiet);
    if (json) System.out.println(r.toJson());
    else System.out.printf(Locale.ROOT, "%s: integer top-1 %.2f %%, float top-1 %.2f %%, agreement %.3f %% (%d disagreements), %.0f s training%n",
        r.name(), 100 * r.check().integerTop1(), 100 * r.check().floatTop1(), 100 * r.check().agreement(), r.check().disagreements(), r.trainSeconds());
  }

  /** Applies option/value pairs to a config. */
  public static TrainConfig apply(TrainConfig c, java.util.List<String[]> opts) {
    for (String[] o : opts) {
      String v = o[1];
      switch (o[0]) {
        case "--k": c = c.withK(Integer.parseInt(v)); break;
        case "--width": c = c.withWidth(Double.parseDouble(v)); break;
        case "--epochs": c = c.withEpochs(Integer.parseInt(v)); break;
        case "--seed": c = c.withSeed(Long.parseLong(v)); break;
        case "--batch": c = c.withBatch(Integer.parseInt(v)); break;
        case "--lr": c = c.withLr(Double.parseDouble(v)); break;
        case "--binarize-at": c = c.withBinarizeAt(Integer.parseInt(v)); break;
        case "--data": c = c.withData(v); break;
        case "--train-data": c = c.withData(v, c.testData()); break;
        case "--test-data": c = c.withData(c.trainData(), v); break;
        case "--limit-train": c = c.withLimits(Integer.parseInt(v), c.limitTest()); break;
        case "--limit-test": c = c.withLimits(c.limitTrain(), Integer.parseInt(v)); break;
        case "--shuffle-labels": c = c.withShuffledLabels(true); break;
        default: throw new IllegalArgumentException("unknown option " + o[0]);
      }
    }
    return c;
  }

  static String commandLine(String[] args) {
    StringBuilder b = new StringBuilder("./xnorkit train");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--checkpoint-dir") || args[i].equals("--data-dir")) { i++; continue; }
      if (args[i].equals("--quiet")) continue;
      b.append(' ').append(args[i]);
    }
    return b.toString();
  }
}
