package org.xnorkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.json.PlanJson;

/**
 * End to end on real Fashion-MNIST (Debian's dataset-fashion-mnist; the test fails when it is
 * missing): a tiny model trained for one short epoch is exported and must agree with the trainer's
 * float model on ≥ 99.9 % of the test images; the files it writes read back to the same predictions.
 * A model trained on shuffled labels must not learn; resuming from a checkpoint continues the run.
 */
class TrainRunTest {
  private static final PrintWriter QUIET = new PrintWriter(java.io.Writer.nullWriter());

  static TrainConfig tiny() {
    return TrainConfig.defaults("tiny").withEpochs(1).withLimits(3000, 2000).withBatch(64).withLr(0.01);
  }

  @Test void tinyModelExportsExactly(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("tiny.json");
    TrainRun.Report r = TrainRun.run(tiny(), out, null, dir.resolve("ckpt"), "test", QUIET, false);
    ExactnessCheck x = r.check();
    assertEquals(2000, x.images());
    assertTrue(x.passes(), "agreement " + x.agreement() + ": " + r.explanations());
    // Trained, not guessing: well above chance (10 %) after one short epoch.
    assertTrue(x.integerTop1() > 0.3, "integer top-1 " + x.integerTop1());
    for (String f : new String[] {"tiny.json", "tiny.plan.json", "tiny.md", "training/tiny.log.json", "training/tiny.png"})
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    Network back = ModelJson.read(out);
    PlanJson.read(PlanJson.siblingOf(out)).validateAgainst(back);
    Dataset test = Datasets.load("fashion-mnist:test", null, 2000);
    try (ReferenceEngine e = new ReferenceEngine(back)) {
      var inf = e.inferBatch(test.images());
      for (int i = 0; i < inf.length; i++) assertEquals(x.integerPredicted()[i], inf[i].predicted(), "image " + i + " after reading the JSON back");
    }
    assertEquals(r.contentHash(), ModelJson.contentHash(back));
  }

  @Test void shuffledLabelsDoNotLearn() throws Exception {
    TrainRun.Report real = TrainRun.run(tiny(), null, null, null, null, QUIET, false);
    TrainRun.Report shuffled = TrainRun.run(tiny().withShuffledLabels(true), null, null, null, null, QUIET, false);
    double chance = 0.1;
    assertTrue(shuffled.check().integerTop1() < 2 * chance,
        "trained on shuffled labels yet " + shuffled.check().integerTop1() + " top-1 on the true test labels");
    assertTrue(real.check().integerTop1() > shuffled.check().integerTop1() + 0.2,
        "true labels " + real.check().integerTop1() + " vs shuffled " + shuffled.check().integerTop1());
    assertTrue(shuffled.check().passes(), "the export is exact whatever was learned");
  }

  @Test void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
    TrainConfig two = TrainConfig.defaults("tiny").withEpochs(2).withLimits(1000, 500).withBatch(50);
    Dataset train = Datasets.load("fashion-mnist:train", null, 1000), test = Datasets.load("fashion-mnist:test", null, 500);
    float[] straight;
    try (Trainer t = new Trainer(two, QUIET, false)) {
      t.train(train, test, null);
      straight = t.snapshot().layer("fc1").weights();
    }
    Path ckpt = dir.resolve("run.ckpt");
    // An "interrupted" run: the same config stopped after epoch 1 (simulated by a checkpoint that holds one epoch).
    try (Trainer t = new Trainer(two, QUIET, false)) {
      t.trainEpochs(train, test, ckpt, 1);
    }
    try (Trainer t = new Trainer(two, QUIET, false)) {
      t.train(train, test, ckpt);
      assertEquals(2, t.epochsDone());
      assertEquals(2, t.log().size());
      assertArrayEquals(straight, t.snapshot().layer("fc1").weights(), "resumed weights differ from an uninterrupted run");
    }
  }

  @Test void anMlpTrainsOnDownscaledImagesAndAConvTopologyRefusesThem(@TempDir Path dir) throws Exception {
    TrainConfig small = tiny().withLimits(1000, 500).withData("fashion-mnist:train@14x14", "fashion-mnist:test@14x14");
    Path out = dir.resolve("tiny14.json");
    TrainRun.Report r = TrainRun.run(small, out, null, null, "test", QUIET, false);
    assertTrue(r.check().passes(), "agreement " + r.check().agreement() + ": " + r.explanations());
    Network net = ModelJson.read(out);
    assertEquals(14, net.input().height());
    assertEquals(14, net.input().width());
    assertEquals(196, ((org.xnorkit.model.layer.DenseLayer) net.layers().stream()
        .filter(l -> l.name().equals("fc0")).findFirst().orElseThrow()).inputs());
    Dataset test = Datasets.load("fashion-mnist:test@14x14", null, 500);
    try (ReferenceEngine e = new ReferenceEngine(net)) {
      var inf = e.inferBatch(test.images());
      for (int i = 0; i < inf.length; i++) assertEquals(r.check().integerPredicted()[i], inf[i].predicted(), "image " + i);
    }
    org.xnorkit.model.data.DataException wrong = org.junit.jupiter.api.Assertions.assertThrows(org.xnorkit.model.data.DataException.class,
        () -> TrainRun.run(TrainConfig.defaults("convnet").withLimits(10, 10).withData("fashion-mnist:train@14x14", "fashion-mnist:test@14x14"),
            null, null, null, null, QUIET, false));
    assertTrue(wrong.getMessage().contains("reads 28x28x1 images; the data are 14x14x1"), wrong.getMessage());
    org.xnorkit.model.data.DataException mixed = org.junit.jupiter.api.Assertions.assertThrows(org.xnorkit.model.data.DataException.class,
        () -> TrainRun.run(tiny().withLimits(10, 10).withData("fashion-mnist:train@14x14", "fashion-mnist:test"), null, null, null, null, QUIET, false));
    assertTrue(mixed.getMessage().contains("14x14x1") && mixed.getMessage().contains("28x28x1"), mixed.getMessage());
  }
}
