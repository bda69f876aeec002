package org.xnorkit.train;

import java.nio.file.Path;
import org.xnorkit.train.nn.FashionMnistFiles;
import org.xnorkit.train.nn.TrainData;

/** Temporary driver until the CLI command lands. */
public final class TrainSmoke {
  public static void main(String[] a) throws Exception {
    TrainConfig cfg = TrainConfig.defaults(a[0]).withEpochs(Integer.parseInt(a[1])).withK(Integer.parseInt(a[2]))
        .withWidth(Double.parseDouble(a[3])).withLimits(Integer.parseInt(a[4]), -1).withBinarizeAt(Integer.parseInt(a[5]));
    Path dir = Path.of("/usr/share/datasets/fashion-mnist");
    TrainData tr = FashionMnistFiles.load(dir, true, cfg.limitTrain()), te = FashionMnistFiles.load(dir, false, -1);
    try (Trainer t = new Trainer(cfg, System.err, true)) {
      t.train(tr, te, null);
    }
  }
}
