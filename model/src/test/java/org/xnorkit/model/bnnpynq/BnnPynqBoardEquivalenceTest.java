package org.xnorkit.model.bnnpynq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.io.ProjectRoot;

/**
 * The imported models compute exactly what the board computes: the reference engine on the model
 * against {@link BoardSimulator} on the raw files, image by image, every class bit and score.
 * XNORKIT_SLOW=1 runs all 10 000 MNIST and all 1000 CIFAR-10 images.
 */
class BnnPynqBoardEquivalenceTest {
  static final boolean SLOW = "1".equals(System.getenv("XNORKIT_SLOW"));

  /** The board's LFC host: the highest class whose bit is set, 0 if none. */
  static int highestSetBit(long[] bits, int classes) {
    int best = 0;
    for (int c = 0; c < classes; c++) if (bits[c] != 0) best = c;
    return best;
  }

  @Test
  void lfcMatchesTheBoard() throws IOException {
    Network net = BnnPynqImporter.importNet(SharedBnnPynq.net("lfcW1A1"), null).network();
    BoardSimulator board = new BoardSimulator(SharedBnnPynq.net("lfcW1A1"));
    Dataset mnist = Datasets.load("mnist:test", null, SLOW ? -1 : 2000);
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      Inference[] results = engine.inferBatch(mnist.images());
      for (int i = 0; i < mnist.size(); i++) {
        long[] bits = board.run(mnist.images()[i]);
        assertEquals(64, bits.length);
        for (int r = 10; r < 64; r++) assertEquals(0, bits[r], "image " + i + ": padded row " + r + " never fires");
        int[] expected = new int[10];
        for (int c = 0; c < 10; c++) expected[c] = (int) bits[c];
        assertArrayEquals(expected, results[i].classBits(), "image " + i + " class bits");
        assertEquals(highestSetBit(bits, 10), results[i].predicted(), "image " + i);
      }
    }
  }

  @Test
  void cnvMatchesTheBoard() throws IOException {
    Network net = BnnPynqImporter.importNet(SharedBnnPynq.net("cnvW1A1"), null).network();
    BoardSimulator board = new BoardSimulator(SharedBnnPynq.net("cnvW1A1"));
    Dataset cifar = Datasets.load("cifar10:test", null, SLOW ? -1 : 40);
    Dataset car = Datasets.load(carRecord(), null, -1);
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      byte[][] images = new byte[cifar.size() + 1][];
      System.arraycopy(cifar.images(), 0, images, 0, cifar.size());
      images[cifar.size()] = car.images()[0];
      Inference[] results = engine.inferBatch(images);
      for (int i = 0; i < images.length; i++) {
        long[] acc = board.run(images[i]);
        assertEquals(64, acc.length);
        assertArrayEquals(Arrays.copyOf(acc, 10), results[i].scores(), "image " + i + " scores");
        int argmax = 0;
        for (int c = 1; c < 10; c++) if (acc[c] > acc[argmax]) argmax = c;
        assertEquals(argmax, results[i].predicted(), "image " + i);
      }
    }
  }

  /**
   * Golden regression: the car picture of BNN-PYNQ's CIFAR-10 notebook. Pinned once the board
   * simulation above agreed with the engine on it; a change here means the import or the engine
   * changed what the network computes.
   */
  @Test
  void cnvCarGolden() throws IOException {
    Network net = BnnPynqImporter.importNet(SharedBnnPynq.net("cnvW1A1"), null).network();
    Dataset car = Datasets.load(carRecord(), null, -1);
    assertEquals(1, car.size());
    assertEquals(1, car.labels()[0], "the record's label: automobile");
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      Inference r = engine.infer(car.images()[0]);
      assertArrayEquals(CAR_SCORES, r.scores(), "integer class scores (XNOR-popcounts of the last layer)");
      assertEquals(CAR_CLASS, r.predicted());
    }
    assertArrayEquals(CAR_SCORES, Arrays.copyOf(new BoardSimulator(SharedBnnPynq.net("cnvW1A1")).run(car.images()[0]), 10));
  }

  static final long[] CAR_SCORES = {258, 417, 233, 206, 238, 215, 222, 238, 236, 249};
  static final int CAR_CLASS = 1; // Automobile

  static String carRecord() {
    return ProjectRoot.shared().resolve("datasets/cifar10/bnnpynq_car_record.bin").toString();
  }
}
