package org.xnorkit.testbench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes the harness's input: the s_axis beats of a sequence of images (docs/timing.md, "Vector
 * file"). Little-endian throughout: the magic {@code XNKVEC1\0}, u32 data bytes per beat, u32 keep
 * bytes per beat, then one record per image: u32 beat count, then per beat its data bytes, keep
 * bytes and one byte whose bit 0 is tlast. A record with beat count 0, or the end of the file,
 * ends the stream (a record at a time, so a pipe can feed a long-running harness).
 */
public final class VectorFile {
  static final byte[] MAGIC = {'X', 'N', 'K', 'V', 'E', 'C', '1', 0};

  private VectorFile() {}

  /**
   * Writes {@code images} (each a non-empty list of beats) to {@code target} atomically.
   *
   * @throws IllegalArgumentException naming the image and beat whose widths do not match
   */
  public static void write(Path target, int dataBytes, int keepBytes, List<List<AxisBeat>> images) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        write(out, dataBytes, keepBytes, images);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vector file " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
    }
  }

  /** Writes the whole stream (header, records, end record) to {@code out}. */
  public static void write(OutputStream out, int dataBytes, int keepBytes, List<List<AxisBeat>> images) throws IOException {
    out.write(MAGIC);
    u32(out, dataBytes);
    u32(out, keepBytes);
    for (int i = 0; i < images.size(); i++) {
      List<AxisBeat> beats = images.get(i);
      if (beats.isEmpty()) throw new IllegalArgumentException("image " + i + " has no beats");
      u32(out, beats.size());
      for (int b = 0; b < beats.size(); b++) {
        AxisBeat beat = beats.get(b);
        if (beat.data().length != dataBytes || beat.keep().length != keepBytes)
          throw new IllegalArgumentException("image " + i + " beat " + b + " has " + beat.data().length + " data + "
              + beat.keep().length + " keep bytes, the stream carries " + dataBytes + " + " + keepBytes);
        out.write(beat.data());
        out.write(beat.keep());
        out.write(beat.last() ? 1 : 0);
      }
    }
    u32(out, 0);
  }

  private static void u32(OutputStream out, int v) throws IOException {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
