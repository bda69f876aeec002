package org.xnorkit.train;

/**
 * Everything that determines a training run (same config + same data = same model).
 * {@code width} scales every hidden width of the named architecture; {@code binarizeAt} is the
 * pixel threshold of a bits input (bit = pixel ≥ binarizeAt); {@code trainData}/{@code testData} are data set specs ({@code Datasets.load}); {@code limitTrain}/{@code limitTest}
 * cut the data sets (−1 = all).
 */
public record TrainConfig(String arch, int k, double width, int epochs, long seed, int batch, double lr,
                          int binarizeAt, String trainData, String testData, int limitTrain, int limitTest, boolean shuffleLabels) {
  public TrainConfig {
    if (k < 1 || k > 3) throw new IllegalArgumentException("--k (" + k + ") must be 1, 2 or 3");
    if (epochs < 1) throw new IllegalArgumentException("--epochs (" + epochs + ") must be >= 1");
    if (batch < 2) throw new IllegalArgumentException("--batch (" + batch + ") must be >= 2 (batch-norm needs a batch)");
    if (!(lr > 0)) throw new IllegalArgumentException("--lr (" + lr + ") must be > 0");
    if (binarizeAt < 1 || binarizeAt > 255) throw new IllegalArgumentException("--binarize-at (" + binarizeAt + ") must be in [1, 255]");
  }

  public static TrainConfig defaults(String arch) {
    return new TrainConfig(arch, 1, 1.0, 10, 1, 128, 3e-3, 128, "fashion-mnist:train", "fashion-mnist:test", -1, -1, false);
  }

  public TrainConfig withK(int v) { return new TrainConfig(arch, v, width, epochs, seed, batch, lr, binarizeAt, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withWidth(double v) { return new TrainConfig(arch, k, v, epochs, seed, batch, lr, binarizeAt, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withEpochs(int v) { return new TrainConfig(arch, k, width, v, seed, batch, lr, binarizeAt, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withSeed(long v) { return new TrainConfig(arch, k, width, epochs, v, batch, lr, binarizeAt, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withBatch(int v) { return new TrainConfig(arch, k, width, epochs, seed, v, lr, binarizeAt, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withLr(double v) { return new TrainConfig(arch, k, width, epochs, seed, batch, v, binarizeAt, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withBinarizeAt(int v) { return new TrainConfig(arch, k, width, epochs, seed, batch, lr, v, trainData, testData, limitTrain, limitTest, shuffleLabels); }
  public TrainConfig withData(String tr, String te) { return new TrainConfig(arch, k, width, epochs, seed, batch, lr, binarizeAt, tr, te, limitTrain, limitTest, shuffleLabels); }
  /** {@code name:train} and {@code name:test}. */
  public TrainConfig withData(String name) { return withData(name + ":train", name + ":test"); }
  public TrainConfig withLimits(int tr, int te) { return new TrainConfig(arch, k, width, epochs, seed, batch, lr, binarizeAt, trainData, testData, tr, te, shuffleLabels); }
  public TrainConfig withShuffledLabels(boolean v) { return new TrainConfig(arch, k, width, epochs, seed, batch, lr, binarizeAt, trainData, testData, limitTrain, limitTest, v); }

  /** A stable one-line description, stored in checkpoints so a resume only continues the same run. */
  public String key() {
    return "arch=" + arch + " k=" + k + " width=" + width + " epochs=" + epochs + " seed=" + seed + " batch=" + batch
        + " lr=" + lr + " binarizeAt=" + binarizeAt + " trainData=" + trainData + " testData=" + testData + " limitTrain=" + limitTrain + " limitTest=" + limitTest
        + " shuffleLabels=" + shuffleLabels;
  }
}
