package org.xnorkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xnorkit.train.arch.Architecture;
import org.xnorkit.train.export.TrainedLayer;
import org.xnorkit.train.export.TrainedModel;
import org.xnorkit.train.nn.Adam;
import org.xnorkit.train.nn.BnnNet;
import org.xnorkit.model.data.Dataset;

/**
 * Trains a BNN with straight-through estimators and Adam on a cosine learning-rate schedule, one
 * checkpoint per epoch (an interrupted run resumes from the last one), and evaluates the binarized
 * float model on the test set after every epoch. Deterministic for a given config: weights are drawn
 * from the seed in Java, and epoch e shuffles with a generator seeded from (seed, e).
 */
public final class Trainer implements AutoCloseable {
  private final TrainConfig config;
  private final Architecture arch;
  private final NDManager base;
  private final BnnNet net;
  private final Adam adam;
  private final List<EpochStats> log = new ArrayList<>();
  private final PrintWriter err;
  private final boolean progress;
  private int epochsDone;

  public Trainer(TrainConfig config, PrintWriter err, boolean progress) {
    this(config, Architecture.of(config.arch(), config.k(), config.width(), config.binarizeAt()), err, progress);
  }

  /** Trains {@code arch} (any topology, e.g. a test's) with the options of {@code config}. */
  public Trainer(TrainConfig config, Architecture arch, PrintWriter err, boolean progress) {
    // One libtorch thread unless told otherwise: reductions then run in a fixed order (bit-reproducible
    // training), and on a shared 2-core machine a spinning second OpenMP thread costs more than it gives.
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    this.config = config;
    this.arch = arch;
    this.err = err;
    this.progress = progress;
    Engine engine = Engine.getEngine("PyTorch");
    this.base = engine.newBaseManager();
    this.net = new BnnNet(arch, base, config.seed());
    this.adam = new Adam(net.trainable(), net.paramManager());
  }

  public Architecture architecture() { return arch; }
  public List<EpochStats> log() { return List.copyOf(log); }
  public int epochsDone() { return epochsDone; }

  /** Learning rate of step {@code s} of {@code total}: cosine from lr down to lr/100. */
  double lrAt(long s, long total) {
    double f = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) s / total)));
    return config.lr() * (0.01 + 0.99 * f);
  }

  /** Runs the remaining epochs; after each, writes the checkpoint (when {@code checkpoint} is not null). */
  public void train(Dataset train, Dataset test, Path checkpoint) throws IOException {
    trainEpochs(train, test, checkpoint, config.epochs());
  }

  /** Like {@link #train} but stops after epoch {@code until} (≤ epochs): an interrupted run, for tests. */
  public void trainEpochs(Dataset train, Dataset test, Path checkpoint, int until) throws IOException {
    if (checkpoint != null && java.nio.file.Files.exists(checkpoint)) {
      Checkpoint.restore(checkpoint, config, net, adam, log);
      epochsDone = log.size();
      err.println("resumed from checkpoint " + checkpoint.getFileName() + " after epoch " + epochsDone);
    }
    int[] labels = train.labels();
    if (config.shuffleLabels()) labels = shuffled(labels, config.seed() ^ 0x5eedL);
    int n = train.size(), bs = config.batch();
    int steps = n / bs; // drop the last partial batch: batch-norm statistics need a full batch
    long total = (long) steps * config.epochs();
    for (int e = epochsDone; e < Math.min(until, config.epochs()); e++) {
      long t0 = System.nanoTime();
      int[] perm = permutation(n, config.seed() * 1_000_003L + e);
      double lossSum = 0;
      long correct = 0, seen = 0;
      Progress bar = new Progress(err, String.format("epoch %d/%d", e + 1, config.epochs()), steps, progress);
      double lr = 0;
      for (int b = 0; b < steps; b++) {
        lr = lrAt(adam.step(), total);
        try (NDManager m = base.newSubManager()) {
          byte[][] imgs = new byte[bs][];
          float[] onehot = new float[bs * 10];
          int[] y = new int[bs];
          for (int i = 0; i < bs; i++) {
            int j = perm[b * bs + i];
            imgs[i] = train.images()[j];
            y[i] = labels[j];
            onehot[i * 10 + y[i]] = 1;
          }
          NDArray x = net.inputs(m, imgs, 0, bs);
          NDArray target = m.create(onehot, new Shape(bs, 10));
          NDArray logits;
          float loss;
          try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            logits = net.forward(m, x, true);
            NDArray l = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
            gc.backward(l);
            loss = l.getFloat();
          }
          adam.update(lr);
          net.clipLatentWeights();
          long[] pred = logits.argMax(1).toLongArray();
          for (int i = 0; i < bs; i++) if (pred[i] == y[i]) correct++;
          seen += bs;
          lossSum += loss * bs;
        }
        bar.update(b + 1, String.format("loss %.4f top1 %.4f", lossSum / seen, (double) correct / seen));
      }
      Evaluation ev = evaluate(test);
      double secs = (System.nanoTime() - t0) / 1e9;
      EpochStats st = new EpochStats(e + 1, lr, lossSum / seen, (double) correct / seen, ev.loss(), ev.top1(), secs);
      log.add(st);
      epochsDone = e + 1;
      err.printf("epoch %d/%d: train loss %.4f top1 %.4f | test loss %.4f top1 %.4f (float binarized model) | %.1f s%n",
          st.epoch(), config.epochs(), st.trainLoss(), st.trainTop1(), st.testLoss(), st.testTop1(), secs);
      if (checkpoint != null) Checkpoint.save(checkpoint, config, net, adam, log);
    }
  }

  /** Predictions, loss and top-1 of the binarized float model (running batch-norm statistics). */
  public record Evaluation(int[] predicted, double loss, double top1) {}

  public Evaluation evaluate(Dataset data) {
    int n = data.size(), bs = 500;
    int[] pred = new int[n];
    double loss = 0;
    long correct = 0;
    for (int from = 0; from < n; from += bs) {
      int to = Math.min(n, from + bs);
      try (NDManager m = base.newSubManager()) {
        NDArray dot = net.forward(m, net.inputs(m, data.images(), from, to), false);
        long[] p = dot.argMax(1).toLongArray();
        float[] lsm = dot.mul(scale(m)).logSoftmax(1).toFloatArray();
        for (int i = from; i < to; i++) {
          pred[i] = (int) p[i - from];
          if (pred[i] == data.labels()[i]) correct++;
          loss -= lsm[(i - from) * 10 + data.labels()[i]];
        }
      }
    }
    return new Evaluation(pred, loss / n, (double) correct / n);
  }

  private NDArray scale(NDManager m) {
    Object last = net.layerStates().get(net.layerStates().size() - 1);
    int i = net.trainableNames().indexOf(((BnnNet.Out) last).spec.name() + "_logScale");
    return m.zeros(new Shape(1)).add(net.trainable().get(i)).exp();
  }


  /**
   * Explains one image on which the integer engine and the float model disagree: the first layer
   * whose levels differ, how many elements differ there, and the smallest distance |y − τ| of
   * those elements' float pre-activations to their thresholds (tiny = a float32 rounding tie at a
   * threshold, which the exact integer fold decides the other way).
   */
  public String diagnose(org.xnorkit.model.Network net, org.xnorkit.model.engine.ReferenceEngine engine, Dataset data, int index) {
    org.xnorkit.model.engine.Trace tr = engine.trace(data.images()[index]);
    try (NDManager m = base.newSubManager()) {
      List<BnnNet.LayerTrace> ft = this.net.trace(m, this.net.inputs(m, data.images(), index, index + 1));
      for (int i = 0; i < ft.size() - 1; i++) {
        float[] lv = ft.get(i).levels();
        if (lv == null) continue;
        int[] iv = tr.output(i);
        int differ = 0;
        double minMargin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < iv.length; j++) {
          if (Math.round(lv[j]) != iv[j]) {
            differ++;
            if (ft.get(i).margins() != null) minMargin = Math.min(minMargin, ft.get(i).margins()[j]);
          }
        }
        if (differ > 0)
          return String.format("image %d: first difference at layer %s (%d of %d elements)%s", index, net.layers().get(i).name(), differ, iv.length,
              Double.isInfinite(minMargin) ? "" : String.format(", float pre-activation within %.3g of a threshold", minMargin));
      }
      return String.format("image %d: every hidden layer agrees; the output scores differ (integer predicted %d)", index, tr.inference().predicted());
    }
  }

  /** The trained parameters as plain floats, for the exporter. */
  public TrainedModel snapshot() {
    List<TrainedLayer> out = new ArrayList<>();
    for (Object st : net.layerStates()) {
      if (st instanceof BnnNet.Hidden h) {
        String nm = h.spec.name();
        float[][] tau = new float[arch.k()][];
        for (int j = 0; j < arch.k(); j++) tau[j] = get(nm + "_tau" + j);
        out.add(new TrainedLayer(nm, h.kIn, get(nm + "_weight"), get(nm + "_gamma"), get(nm + "_beta"),
            buf(nm + "_runningMean"), buf(nm + "_runningVar"), tau));
      } else if (st instanceof BnnNet.Out o) {
        out.add(new TrainedLayer(o.spec.name(), o.kIn, get(o.spec.name() + "_weight"), null, null, null, null, null));
      }
    }
    return new TrainedModel(arch, out, BnnNet.BN_EPS);
  }

  private float[] get(String name) { return net.trainable().get(net.trainableNames().indexOf(name)).toFloatArray(); }
  private float[] buf(String name) { return net.buffers().get(net.bufferNames().indexOf(name)).toFloatArray(); }

  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = p[i]; p[i] = p[j]; p[j] = t; }
    return p;
  }

  static int[] shuffled(int[] labels, long seed) {
    int[] p = permutation(labels.length, seed), out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) out[i] = labels[p[i]];
    return out;
  }

  /** The training graph (for tests that compare it with the exported model layer by layer). */
  public BnnNet net() { return net; }

  /** A sub-manager of this trainer's engine manager, for test-side tensors. */
  public NDManager newManager() { return base.newSubManager(); }

  @Override public void close() { net.close(); base.close(); }
}
