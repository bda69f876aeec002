package org.xnorkit.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xnorkit.model.data.IdxReaderTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path tmp;

  @Test
  void namesResolveInADataDirectoryLaidOutLikeShared() {
    Path shared = SharedData.datasets();
    Dataset mnist = Datasets.load("mnist:test", shared, -1);
    assertEquals("mnist:test", mnist.name());
    assertEquals(10000, mnist.size());
    assertEquals("7", mnist.className(mnist.labels()[0]));
    Dataset cifar = Datasets.load("cifar10:test", shared, 25);
    assertEquals(25, cifar.size());
    assertEquals("cat", cifar.className(cifar.labels()[0]));
    assertEquals(shared.resolve("cifar10/test_batch.first1000.bin.gz"), Datasets.files("cifar10:test", shared).get(0));
  }

  @Test
  void withoutADataDirectoryNamesFallBackToSharedBesideTheProject() {
    SharedData.datasets();
    Dataset d = Datasets.load("mnist:test", null, 5, null);
    assertArrayEquals(new int[] {7, 2, 1, 0, 4}, d.labels());
  }

  @Test
  void theEnvironmentDirectoryComesFirst() throws IOException {
    Path dir = tmp.resolve("mnist");
    Files.createDirectories(dir);
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxReaderTest.images(2, 1, 1, new byte[][] {{3}, {4}}));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReaderTest.gzip(IdxReaderTest.labels(new byte[] {9, 8})));
    Dataset d = Datasets.load("mnist:test", null, -1, tmp.toString());
    assertArrayEquals(new int[] {9, 8}, d.labels());
    assertEquals(tmp, Datasets.roots("mnist", null, tmp.toString()).get(0));
    assertEquals(Datasets.DEBIAN_FASHION_MNIST, Datasets.roots("fashion-mnist", null, tmp.toString()).get(1));
  }

  @Test
  void anExplicitDataDirectoryIsTheOnlyPlaceLooked() {
    DataException e = assertThrows(DataException.class, () -> Datasets.load("mnist:test", tmp, -1));
    assertMessage(e, "mnist:test: not found", "mnist/t10k-images-idx3-ubyte.gz", tmp.toString(), "--data-dir");
    assertInstanceOf(NoSuchFileException.class, e.getCause());
    assertEquals(1, Datasets.roots("mnist", tmp, "elsewhere").size());
  }

  @Test
  void missingFashionMnistSaysHowToInstallIt() {
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("fashion-mnist:test", tmp, -1)), "scripts/setup", "dataset-fashion-mnist");
  }

  @Test
  void fashionMnistFromTheDebianPackage() {
    assertTrue(Files.isDirectory(Datasets.DEBIAN_FASHION_MNIST),
        Datasets.DEBIAN_FASHION_MNIST + " is missing: run scripts/setup (installs the Debian package dataset-fashion-mnist)");
    Dataset test = Datasets.load("fashion-mnist:test", null, -1, null);
    assertEquals(10000, test.size());
    assertEquals("28x28x1", test.shape());
    assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(test.labels(), 10));
    assertEquals("Ankle boot", test.className(test.labels()[0]));
    assertEquals(33456, IdxReaderTest.sum(test.images()[0]));
    Dataset train = Datasets.load("fashion-mnist:train", null, -1, null);
    assertEquals(60000, train.size());
    int[] perClass = new int[10];
    for (int l : train.labels()) perClass[l]++;
    for (int c = 0; c < 10; c++) assertEquals(6000, perClass[c], "class " + c);
  }

  @Test
  void pathsAreReadByContent() throws IOException {
    Path mnist = SharedData.file("mnist/t10k-images-idx3-ubyte.gz");
    Dataset idx = Datasets.load(mnist.toString(), null, 3);
    assertArrayEquals(new int[] {7, 2, 1}, idx.labels());
    assertEquals(ClassNames.MNIST, idx.classNames());
    Dataset car = Datasets.load(SharedData.file("cifar10/bnnpynq_car_record.bin").toString(), null, -1);
    assertEquals("32x32x3", car.shape());
    // The same CIFAR bytes under any name, gzipped.
    Path renamed = tmp.resolve("whatever.dat");
    Files.write(renamed, IdxReaderTest.gzip(Cifar10ReaderTest.records(4, 5)));
    assertArrayEquals(new int[] {4, 5}, Datasets.load(renamed.toString(), null, -1).labels());
    // A Fashion-MNIST directory name gives Fashion-MNIST class names.
    Path fashion = tmp.resolve("fashion");
    Files.createDirectories(fashion);
    Files.write(fashion.resolve("x-images-idx3-ubyte"), IdxReaderTest.images(1, 1, 1, new byte[][] {{3}}));
    Files.write(fashion.resolve("x-labels-idx1-ubyte"), IdxReaderTest.labels(new byte[] {9}));
    assertEquals("Ankle boot", Datasets.load(fashion.resolve("x-images-idx3-ubyte").toString(), null, -1).className(9));
  }

  @Test
  void badSpecsNameWhatWasExpected() throws IOException {
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnsit:test", null, -1)), "unknown data set 'mnsit:test'", "mnist:test");
    DataException missing = assertThrows(DataException.class, () -> Datasets.load(tmp.resolve("nope.bin").toString(), null, -1));
    assertInstanceOf(NoSuchFileException.class, missing.getCause());
    assertMessage(missing, "nope.bin", "not found");
    assertMessage(assertThrows(DataException.class, () -> Datasets.load(tmp.toString(), null, -1)), "is a directory", "--data-dir");
    Path labels = tmp.resolve("t-labels-idx1-ubyte");
    Files.write(labels, IdxReaderTest.labels(new byte[] {1}));
    assertMessage(assertThrows(DataException.class, () -> Datasets.load(labels.toString(), null, -1)), "is an IDX labels file", "images file");
    Path lonely = tmp.resolve("u-images-idx3-ubyte");
    Files.write(lonely, IdxReaderTest.images(1, 1, 1, new byte[][] {{1}}));
    DataException noLabels = assertThrows(DataException.class, () -> Datasets.load(lonely.toString(), null, -1));
    assertMessage(noLabels, "u-labels-idx1-ubyte", "not beside it");
    assertInstanceOf(NoSuchFileException.class, noLabels.getCause());
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnist:test", null, 0)), "limit (0)");
  }

  @Test
  void aSizeSuffixDownscalesByAveragePoolingRoundingHalfUp() throws IOException {
    // one 4x4 image: each 2x2 block averages to a value that checks the rounding
    byte[] img = {
        0, 1, 10, 10,
        1, 1, 10, 11,            // block (0,0): 3/4 = 0.75 -> 1; block (0,1): 41/4 = 10.25 -> 10
        (byte) 255, (byte) 255, 2, 3,
        (byte) 254, (byte) 255, 3, 3};  // block (1,0): 1019/4 = 254.75 -> 255; block (1,1): 11/4 = 2.75 -> 3
    Path images = tmp.resolve("s-images-idx3-ubyte");
    Files.write(images, IdxReaderTest.images(1, 4, 4, new byte[][] {img}));
    Files.write(tmp.resolve("s-labels-idx1-ubyte"), IdxReaderTest.labels(new byte[] {3}));
    Dataset d = Datasets.load(images + "@2x2", null, -1);
    assertEquals(2, d.height());
    assertEquals(2, d.width());
    assertEquals(images + "@2x2", d.name());
    assertArrayEquals(new byte[] {1, 10, (byte) 255, 3}, d.images()[0]);
    assertArrayEquals(new int[] {3}, d.labels());
    // a half rounds up: 2/4 = 0.5 -> 1
    Files.write(images, IdxReaderTest.images(1, 2, 2, new byte[][] {{1, 1, 0, 0}}));
    assertArrayEquals(new byte[] {1}, Datasets.load(images + "@1x1", null, -1).images()[0]);
    // the same size is the data set itself
    assertArrayEquals(new byte[] {1, 1, 0, 0}, Datasets.load(images + "@2x2", null, -1).images()[0]);
  }

  @Test
  void downscaledNamedSetsAverageEveryChannelApart() {
    Path shared = SharedData.datasets();
    Dataset full = Datasets.load("mnist:test", shared, 3);
    Dataset half = Datasets.load("mnist:test@14x14", shared, 3);
    assertEquals("mnist:test@14x14", half.name());
    assertEquals("14x14x1", half.shape());
    assertArrayEquals(full.labels(), half.labels());
    for (int i = 0; i < 3; i++)
      for (int y = 0; y < 14; y++)
        for (int x = 0; x < 14; x++) {
          byte[] p = full.images()[i];
          int sum = (p[2 * y * 28 + 2 * x] & 0xFF) + (p[2 * y * 28 + 2 * x + 1] & 0xFF) + (p[(2 * y + 1) * 28 + 2 * x] & 0xFF) + (p[(2 * y + 1) * 28 + 2 * x + 1] & 0xFF);
          assertEquals((sum + 2) / 4, half.images()[i][y * 14 + x] & 0xFF, "image " + i + " at " + y + "," + x);
        }
    Dataset cifar = Datasets.load("cifar10:test", shared, 2), small = Datasets.load("cifar10:test@8x8", shared, 2);
    assertEquals("8x8x3", small.shape());
    for (int ch = 0; ch < 3; ch++) {
      int sum = 0;
      for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) sum += cifar.images()[1][(y * 32 + x) * 3 + ch] & 0xFF;
      assertEquals((sum + 8) / 16, small.images()[1][ch] & 0xFF, "channel " + ch);
    }
    assertEquals(Datasets.files("mnist:test", shared), Datasets.files("mnist:test@14x14", shared));
  }

  @Test
  void badDownscaleSpecsSayWhatIsExpected() {
    Path shared = SharedData.datasets();
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnist:test@9x9", shared, 1)), "cannot downscale 28x28 images to 9x9", "14x14");
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnist:test@14x7", shared, 1)), "same integer on both axes");
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnist:test@0x0", shared, 1)), "at least 1x1");
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnist:test@half", shared, 1)), "SPEC@HxW");
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnist:test@99999999999x1", shared, 1)), "out of range");
    assertMessage(assertThrows(DataException.class, () -> Datasets.load("mnsit:test@14x14", shared, 1)), "unknown data set 'mnsit:test'");
  }
}
