package org.xnorkit.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.xnorkit.model.data.IdxReaderTest.assertMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  @TempDir Path tmp;

  // Golden values: datasets/README.md and an independent reader (Python gzip + byte slicing).

  @Test
  void readsTheFirstThousandTestImages() {
    Dataset d = Cifar10Reader.read("cifar10:test", SharedData.file("cifar10/test_batch.first1000.bin.gz"), -1);
    assertEquals(1000, d.size());
    assertEquals("32x32x3", d.shape());
    assertEquals(ClassNames.CIFAR10, d.classNames());
    assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, Arrays.copyOf(d.labels(), 10));
    int[] perClass = new int[10];
    for (int l : d.labels()) perClass[l]++;
    assertArrayEquals(new int[] {103, 89, 100, 103, 90, 86, 112, 102, 106, 109}, perClass);
    byte[] cat = d.images()[0];
    // HWC: pixel (0, x) is R, G, B at 3x, 3x+1, 3x+2. Red row 0 starts 158 159 165 166.
    int[] first = new int[12];
    for (int i = 0; i < 12; i++) first[i] = cat[i] & 0xff;
    assertArrayEquals(new int[] {158, 112, 49, 159, 111, 47, 165, 116, 51, 166, 118, 53}, first);
    byte[] last = d.images()[999];
    assertEquals(461083, IdxReaderTest.sum(last));
    assertEquals(93, last[3 * 1023] & 0xff);
    assertEquals(110, last[3 * 1023 + 1] & 0xff);
    assertEquals(131, last[3 * 1023 + 2] & 0xff);
  }

  @Test
  void readsTheBnnPynqCarRecord() {
    Dataset d = Cifar10Reader.read("car", SharedData.file("cifar10/bnnpynq_car_record.bin"), -1);
    assertEquals(1, d.size());
    assertEquals("automobile", d.className(d.labels()[0]));
    assertEquals(476086, IdxReaderTest.sum(d.images()[0]));
  }

  @Test
  void convertsPlanesToInterleavedPixels() throws IOException {
    byte[] rec = new byte[Cifar10Reader.RECORD_BYTES];
    rec[0] = 9;
    for (int p = 0; p < 1024; p++) {
      rec[1 + p] = (byte) p;                // red = low byte of the position
      rec[1 + 1024 + p] = (byte) (p >> 8);  // green = high byte
      rec[1 + 2048 + p] = (byte) 200;       // blue constant
    }
    Path f = tmp.resolve("one.bin");
    Files.write(f, rec);
    byte[] img = Cifar10Reader.read("one", f, -1).images()[0];
    for (int y = 0; y < 32; y++)
      for (int x = 0; x < 32; x++) {
        int p = y * 32 + x, at = (y * 32 + x) * 3;
        assertEquals(p & 0xff, img[at] & 0xff);
        assertEquals(p >> 8, img[at + 1] & 0xff);
        assertEquals(200, img[at + 2] & 0xff);
      }
  }

  @Test
  void limitAndSeveralBatches() throws IOException {
    Path a = tmp.resolve("a.bin"), b = tmp.resolve("b.bin.gz");
    Files.write(a, records(0, 1));
    Files.write(b, IdxReaderTest.gzip(records(2, 3, 4)));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Cifar10Reader.read("ab", List.of(a, b), -1).labels());
    assertArrayEquals(new int[] {0, 1, 2}, Cifar10Reader.read("ab", List.of(a, b), 3).labels());
  }

  @Test
  void rejectsALengthThatIsNotWholeRecords() throws IOException {
    Path f = tmp.resolve("short.bin");
    byte[] two = records(1, 2);
    Files.write(f, Arrays.copyOf(two, two.length - 100));
    assertMessage(assertThrows(DataException.class, () -> Cifar10Reader.read("s", f, -1)),
        f.toString(), "6046 bytes is not a whole number of 3073-byte CIFAR-10 records", "1 records and 2973 bytes left over");
    Path c100 = tmp.resolve("cifar100.bin");
    Files.write(c100, new byte[3074 * 3]);
    assertMessage(assertThrows(DataException.class, () -> Cifar10Reader.read("c", c100, -1)), "CIFAR-100");
    Path empty = tmp.resolve("empty.bin");
    Files.write(empty, new byte[0]);
    assertMessage(assertThrows(DataException.class, () -> Cifar10Reader.read("e", empty, -1)), empty.toString(), "empty");
  }

  @Test
  void rejectsALabelOutsideTheTenClasses() throws IOException {
    Path f = tmp.resolve("label.bin");
    byte[] data = records(1, 2, 3);
    data[2 * Cifar10Reader.RECORD_BYTES] = 10;
    Files.write(f, data);
    assertMessage(assertThrows(DataException.class, () -> Cifar10Reader.read("l", f, -1)), f.toString(), "record 2", "label 10", "0..9");
  }

  @Test
  void rejectsATruncatedGzipStream() throws IOException {
    byte[] gz = IdxReaderTest.gzip(records(1, 2, 3, 4, 5, 6, 7, 8));
    Path f = tmp.resolve("cut.bin.gz");
    Files.write(f, Arrays.copyOf(gz, gz.length - 20));
    assertMessage(assertThrows(DataException.class, () -> Cifar10Reader.read("g", f, -1)), f.toString(), "gzip");
  }

  /** Records with the given labels and pseudo-random pixels. */
  static byte[] records(int... labels) {
    byte[] out = new byte[labels.length * Cifar10Reader.RECORD_BYTES];
    new java.util.Random(7).nextBytes(out);
    for (int i = 0; i < labels.length; i++) out[i * Cifar10Reader.RECORD_BYTES] = (byte) labels[i];
    return out;
  }
}
