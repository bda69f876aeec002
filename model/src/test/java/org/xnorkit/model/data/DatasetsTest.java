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
}
