package org.xnorkit.model.data;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CIFAR-10 binary batches ({@code test_batch.bin}, {@code data_batch_N.bin}), gzipped or raw.
 * Each 3073-byte record is one label byte (0..9) and 3072 pixel bytes as three 32×32 planes
 * (1024 red, 1024 green, 1024 blue, each row-major). The images come out HWC (interleaved
 * R, G, B per pixel), the order the accelerator reads.
 */
public final class Cifar10Reader {
  private Cifar10Reader() {}

  public static final int SIDE = 32;
  public static final int PLANE = SIDE * SIDE;
  public static final int RECORD_BYTES = 1 + 3 * PLANE;

  /** The first {@code limit} records ({@code -1}: all) of one batch file. */
  public static Dataset read(String name, Path file, int limit) {
    return read(name, List.of(file), limit);
  }

  /** The records of several batch files, in order, up to {@code limit} in all ({@code -1}: all). */
  public static Dataset read(String name, List<Path> files, int limit) {
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path file : files) {
      if (limit >= 0 && images.size() >= limit) break;
      byte[] data = readAll(file);
      if (data.length == 0) throw new DataException(file + ": is empty, expected CIFAR-10 records of " + RECORD_BYTES + " bytes");
      if (data.length % RECORD_BYTES != 0) {
        String hint = data.length % (RECORD_BYTES + 1) == 0 ? " (it is a whole number of 3074-byte records: a CIFAR-100 batch, which has 2 label bytes?)" : "";
        throw new DataException(file + ": " + data.length + " bytes is not a whole number of " + RECORD_BYTES
            + "-byte CIFAR-10 records (1 label byte + 3 x 1024 pixel bytes): " + data.length / RECORD_BYTES
            + " records and " + data.length % RECORD_BYTES + " bytes left over" + hint);
      }
      int records = data.length / RECORD_BYTES;
      for (int r = 0; r < records && (limit < 0 || images.size() < limit); r++) {
        int at = r * RECORD_BYTES;
        int label = data[at] & 0xff;
        if (label >= ClassNames.CIFAR10.size())
          throw new DataException(file + ": record " + r + " (byte offset " + at + ") has label " + label + ", expected 0..9");
        labels.add(label);
        images.add(toHwc(data, at + 1));
      }
    }
    int[] l = new int[labels.size()];
    for (int i = 0; i < l.length; i++) l[i] = labels.get(i);
    return new Dataset(name, SIDE, SIDE, 3, images.toArray(new byte[0][]), l, ClassNames.CIFAR10);
  }

  /** Planar R, G, B (CHW) starting at {@code from} → interleaved HWC. */
  static byte[] toHwc(byte[] planes, int from) {
    byte[] hwc = new byte[3 * PLANE];
    for (int p = 0; p < PLANE; p++) {
      hwc[3 * p] = planes[from + p];
      hwc[3 * p + 1] = planes[from + PLANE + p];
      hwc[3 * p + 2] = planes[from + 2 * PLANE + p];
    }
    return hwc;
  }

  private static byte[] readAll(Path file) {
    InputStream in = DataFiles.open(file);
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 20);
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = DataFiles.readUpTo(in, buf, buf.length, file)) > 0) out.write(buf, 0, n);
      return out.toByteArray();
    } finally {
      DataFiles.close(in);
    }
  }
}
