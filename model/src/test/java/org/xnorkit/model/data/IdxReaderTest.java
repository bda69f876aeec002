package org.xnorkit.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path tmp;

  // Golden values below were read with an independent reader (Python gzip + byte slicing).

  @Test
  void readsTheMnistTestSet() {
    Path images = SharedData.file("mnist/t10k-images-idx3-ubyte.gz");
    Dataset d = IdxReader.read("mnist:test", images, IdxReader.labelsBeside(images), ClassNames.MNIST, -1);
    assertEquals(10000, d.size());
    assertEquals("28x28x1", d.shape());
    assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(d.labels(), 10));
    int[] perClass = new int[10];
    for (int l : d.labels()) perClass[l]++;
    assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, perClass);
    assertEquals(18454, sum(d.images()[0]));
    assertEquals(84, d.images()[0][7 * 28 + 6] & 0xff); // first ink pixel of image 0: row 7, column 6
    assertEquals(41833, sum(d.images()[9999]));
  }

  @Test
  void limitReadsOnlyTheFirstImages() {
    Path images = SharedData.file("mnist/t10k-images-idx3-ubyte.gz");
    Dataset all = IdxReader.read("m", images, IdxReader.labelsBeside(images), null, -1);
    Dataset few = IdxReader.read("m", images, IdxReader.labelsBeside(images), null, 3);
    assertEquals(3, few.size());
    for (int i = 0; i < 3; i++) assertArrayEquals(all.images()[i], few.images()[i]);
    assertEquals(ClassNames.MNIST, few.classNames());
  }

  @Test
  void rawAndGzippedFilesReadTheSame() throws IOException {
    byte[][] imgs = {{1, 2, 3, 4, 5, 6}, {(byte) 255, 0, 7, 8, 9, 10}};
    Path raw = write("a-images-idx3-ubyte", images(2, 2, 3, imgs), false);
    Path gz = write("b-images-idx3-ubyte.gz", images(2, 2, 3, imgs), true);
    IdxReader.Images r = IdxReader.readImages(raw, -1), g = IdxReader.readImages(gz, -1);
    assertEquals(2, r.rows());
    assertEquals(3, r.cols());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(imgs[i], r.pixels()[i]);
      assertArrayEquals(imgs[i], g.pixels()[i]);
    }
  }

  @Test
  void findsLabelsBesideImagesUnderTheStandardNames() throws IOException {
    Path img = write("t10k-images-idx3-ubyte", images(1, 1, 1, new byte[][] {{0}}), false);
    assertEquals(tmp.resolve("t10k-labels-idx1-ubyte"), IdxReader.labelsBeside(img));
    write("t10k-labels-idx1-ubyte.gz", labels(new byte[] {0}), true);
    assertEquals(tmp.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.labelsBeside(img));
    Path other = write("digits.bin", images(1, 1, 1, new byte[][] {{0}}), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.labelsBeside(other)), "digits.bin", "does not contain 'images'");
  }

  @Test
  void rejectsALabelsFileGivenAsImages() throws IOException {
    Path f = write("x-images-idx3-ubyte", labels(new byte[] {1, 2}), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(f, -1)),
        f.toString(), "IDX labels file (magic 2049)", "0x00000803", "images");
  }

  @Test
  void rejectsAnImagesFileGivenAsLabels() throws IOException {
    Path f = write("x-labels-idx1-ubyte", images(1, 2, 2, new byte[][] {{1, 2, 3, 4}}), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readLabels(f, -1)), f.toString(), "IDX images file (magic 2051)", "labels");
  }

  @Test
  void rejectsAForeignFile() throws IOException {
    Path f = tmp.resolve("picture-images-idx3-ubyte");
    Files.write(f, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0});
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(f, -1)), f.toString(), "not an IDX file", "89 50 4e 47", "2051");
    Path floats = tmp.resolve("floats-images-idx3-ubyte");
    Files.write(floats, new byte[] {0, 0, 0x0d, 3, 0, 0, 0, 0});
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(floats, -1)), "type 0x0D", "unsigned bytes");
  }

  @Test
  void rejectsTruncatedFiles() throws IOException {
    byte[] full = images(3, 2, 2, new byte[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
    Path cut = write("cut-images-idx3-ubyte", Arrays.copyOf(full, full.length - 1), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(cut, -1)), cut.toString(), "truncated", "3 images of 2x2", "inside image 2");
    // A limit that stays inside the data reads fine.
    assertEquals(2, IdxReader.readImages(cut, 2).pixels().length);
    Path header = write("head-images-idx3-ubyte", Arrays.copyOf(full, 10), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(header, -1)), header.toString(), "ends inside the IDX header");
    Path labels = write("cut-labels-idx1-ubyte", Arrays.copyOf(labels(new byte[] {1, 2, 3}), 10), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readLabels(labels, -1)), labels.toString(), "truncated", "3 labels", "after 2");
  }

  @Test
  void rejectsATruncatedGzipStream() throws IOException {
    byte[] gz = gzip(images(50, 8, 8, randomImages(50, 64)));
    Path f = tmp.resolve("t-images-idx3-ubyte.gz");
    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(f, -1)), f.toString(), "gzip");
  }

  @Test
  void rejectsTrailingBytes() throws IOException {
    byte[] full = images(1, 1, 2, new byte[][] {{1, 2}});
    Path f = write("extra-images-idx3-ubyte", Arrays.copyOf(full, full.length + 5), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.readImages(f, -1)), f.toString(), "5 unexpected bytes", "1 images of 1x2");
  }

  @Test
  void rejectsImagesAndLabelsOfDifferentCounts() throws IOException {
    Path img = write("d-images-idx3-ubyte", images(2, 1, 1, new byte[][] {{1}, {2}}), false);
    Path lab = write("d-labels-idx1-ubyte", labels(new byte[] {0, 1, 2}), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.read("d", img, lab, null, -1)), lab.toString(), "3 labels", "2 images");
  }

  @Test
  void rejectsLabelsOutsideTheClasses() throws IOException {
    Path img = write("e-images-idx3-ubyte", images(2, 1, 1, new byte[][] {{1}, {2}}), false);
    Path lab = write("e-labels-idx1-ubyte", labels(new byte[] {0, 10}), false);
    assertMessage(assertThrows(DataException.class, () -> IdxReader.read("e", img, lab, ClassNames.MNIST, -1)), lab.toString(), "label 1 is 10", "0..9");
    // Without known class names the classes are numbered up to the largest label.
    assertEquals(11, IdxReader.read("e", img, lab, null, -1).classNames().size());
  }

  // --- helpers: IDX files written by hand, big-endian as the format says.

  static byte[] images(int count, int rows, int cols, byte[][] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
    for (byte[] p : pixels) b.put(p);
    return b.array();
  }

  static byte[] labels(byte[] labels) {
    return ByteBuffer.allocate(8 + labels.length).putInt(IdxReader.LABELS_MAGIC).putInt(labels.length).put(labels).array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[][] randomImages(int n, int size) {
    java.util.Random r = new java.util.Random(42);
    byte[][] out = new byte[n][size];
    for (byte[] img : out) r.nextBytes(img);
    return out;
  }

  private Path write(String name, byte[] data, boolean gz) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, gz ? gzip(data) : data);
    return f;
  }

  static int sum(byte[] img) {
    int s = 0;
    for (byte b : img) s += b & 0xff;
    return s;
  }

  static void assertMessage(Throwable e, String... parts) {
    for (String p : parts) assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
  }
}
