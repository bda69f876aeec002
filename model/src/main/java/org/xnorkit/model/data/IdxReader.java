package org.xnorkit.model.data;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, gzipped or raw: a 4-byte magic
 * {@code 00 00 TYPE DIMS} (TYPE 0x08 = unsigned byte), DIMS big-endian int32 sizes, then the data
 * row-major. Images are {@code idx3} (magic 2051: count, rows, cols), labels {@code idx1}
 * (magic 2049: count). Every check names the file and what was expected.
 */
public final class IdxReader {
  private IdxReader() {}

  /** Magic of an unsigned-byte IDX file with 3 dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic of an unsigned-byte IDX file with 1 dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** Images of one IDX file: {@code rows × cols} bytes each, row-major (one channel). */
  public record Images(int rows, int cols, byte[][] pixels) {}

  /**
   * Reads the first {@code limit} images ({@code -1}: all). Reading all also checks that nothing
   * follows the last image.
   */
  public static Images readImages(Path file, int limit) {
    InputStream in = DataFiles.open(file);
    try {
      int magic = readInt(in, file, "magic number");
      checkMagic(file, magic, IMAGES_MAGIC, "images");
      int count = readInt(in, file, "image count"), rows = readInt(in, file, "row count"), cols = readInt(in, file, "column count");
      if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > 1 << 24)
        throw new DataException(file + ": implausible IDX images header: " + count + " images of " + rows + "x" + cols);
      int n = limit < 0 ? count : Math.min(limit, count);
      int size = rows * cols;
      List<byte[]> images = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        byte[] img = new byte[size];
        int got = DataFiles.readUpTo(in, img, size, file);
        if (got < size)
          throw new DataException(file + ": truncated: the header announces " + count + " images of " + rows + "x" + cols
              + " (" + (long) count * size + " pixel bytes after the 16-byte header), but the data ends inside image " + i
              + " (" + ((long) i * size + got) + " pixel bytes)");
        images.add(img);
      }
      if (n == count) {
        long extra = DataFiles.remaining(in, file);
        if (extra > 0)
          throw new DataException(file + ": " + extra + " unexpected bytes after the " + count + " images of " + rows + "x" + cols
              + " the header announces (not an IDX images file, or a damaged one)");
      }
      return new Images(rows, cols, images.toArray(new byte[0][]));
    } finally {
      DataFiles.close(in);
    }
  }

  /** Reads the first {@code limit} labels ({@code -1}: all), each an unsigned byte. */
  public static int[] readLabels(Path file, int limit) {
    InputStream in = DataFiles.open(file);
    try {
      int magic = readInt(in, file, "magic number");
      checkMagic(file, magic, LABELS_MAGIC, "labels");
      int count = readInt(in, file, "label count");
      if (count < 0) throw new DataException(file + ": implausible IDX labels header: " + count + " labels");
      int n = limit < 0 ? count : Math.min(limit, count);
      byte[] bytes = new byte[n];
      int got = DataFiles.readUpTo(in, bytes, n, file);
      if (got < n)
        throw new DataException(file + ": truncated: the header announces " + count + " labels, but the data ends after " + got);
      if (n == count) {
        long extra = DataFiles.remaining(in, file);
        if (extra > 0)
          throw new DataException(file + ": " + extra + " unexpected bytes after the " + count + " labels the header announces");
      }
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) labels[i] = bytes[i] & 0xff;
      return labels;
    } finally {
      DataFiles.close(in);
    }
  }

  /**
   * An images file and its labels as one data set ({@code limit} -1: all). The two files must
   * announce the same count; {@code classNames} null picks the digits (or numbers up to the
   * largest label).
   */
  public static Dataset read(String name, Path imagesFile, Path labelsFile, List<String> classNames, int limit) {
    Images images = readImages(imagesFile, limit);
    int[] labels = readLabels(labelsFile, limit);
    int announcedImages = announcedCount(imagesFile), announcedLabels = announcedCount(labelsFile);
    if (announcedImages != announcedLabels)
      throw new DataException(labelsFile + ": has " + announcedLabels + " labels, but " + imagesFile + " has " + announcedImages + " images");
    if (classNames == null) {
      int max = 0;
      for (int l : labels) max = Math.max(max, l);
      classNames = max < 10 ? ClassNames.MNIST : ClassNames.numbered(max + 1);
    }
    for (int i = 0; i < labels.length; i++)
      if (labels[i] >= classNames.size())
        throw new DataException(labelsFile + ": label " + i + " is " + labels[i] + ", expected 0.." + (classNames.size() - 1) + " (" + classNames.size() + " classes)");
    return new Dataset(name, images.rows(), images.cols(), 1, images.pixels(), labels, classNames);
  }

  /**
   * The labels file that belongs to an images file under the standard naming:
   * {@code t10k-images-idx3-ubyte.gz} → {@code t10k-labels-idx1-ubyte.gz} (also {@code .idx3-ubyte},
   * with or without {@code .gz}); the first that exists, else the first candidate.
   */
  public static Path labelsBeside(Path imagesFile) {
    String name = imagesFile.getFileName().toString();
    if (!name.contains("images"))
      throw new DataException(imagesFile + ": cannot find its labels: the file name does not contain 'images' "
          + "(expected the standard IDX naming, e.g. t10k-images-idx3-ubyte.gz beside t10k-labels-idx1-ubyte.gz)");
    String base = name.replace("images", "labels").replace("idx3", "idx1");
    String stem = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
    List<Path> candidates = List.of(imagesFile.resolveSibling(base), imagesFile.resolveSibling(stem + ".gz"), imagesFile.resolveSibling(stem));
    for (Path p : candidates) if (Files.isRegularFile(p)) return p;
    return candidates.get(0);
  }

  /** True when the (decompressed) file starts with the IDX magic {@code magic}. */
  static boolean hasMagic(Path file, int magic) {
    InputStream in = DataFiles.open(file);
    try {
      byte[] b = new byte[4];
      return DataFiles.readUpTo(in, b, 4, file) == 4 && toInt(b) == magic;
    } finally {
      DataFiles.close(in);
    }
  }

  private static int announcedCount(Path file) {
    InputStream in = DataFiles.open(file);
    try {
      readInt(in, file, "magic number");
      return readInt(in, file, "count");
    } finally {
      DataFiles.close(in);
    }
  }

  private static void checkMagic(Path file, int magic, int expected, String what) {
    if (magic == expected) return;
    String want = String.format("magic 0x%08X (%d: unsigned bytes, %d dimension%s) of an IDX %s file",
        expected, expected, expected & 0xff, (expected & 0xff) == 1 ? "" : "s", what);
    if (magic == IMAGES_MAGIC)
      throw new DataException(file + ": this is an IDX images file (magic 2051), expected the " + want);
    if (magic == LABELS_MAGIC)
      throw new DataException(file + ": this is an IDX labels file (magic 2049), expected the " + want);
    if ((magic >>> 16) == 0)
      throw new DataException(file + String.format(": IDX magic 0x%08X (type 0x%02X, %d dimensions) is not the expected ",
          magic, (magic >>> 8) & 0xff, magic & 0xff) + want);
    throw new DataException(file + String.format(": not an IDX file: it starts with bytes %02x %02x %02x %02x, expected the ",
        magic >>> 24, (magic >>> 16) & 0xff, (magic >>> 8) & 0xff, magic & 0xff) + want);
  }

  private static int readInt(InputStream in, Path file, String what) {
    byte[] b = new byte[4];
    int got = DataFiles.readUpTo(in, b, 4, file);
    if (got < 4) throw new DataException(file + ": truncated: the file ends inside the IDX header (reading the " + what + ")");
    return toInt(b);
  }

  private static int toInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }
}
