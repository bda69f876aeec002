package org.xnorkit.model.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data files, gzipped or raw (told apart by the gzip magic, not by the name). */
final class DataFiles {
  private DataFiles() {}

  /** An input stream of the file's (decompressed) bytes. Missing file: DataException caused by NoSuchFileException. */
  static InputStream open(Path file) {
    try {
      if (Files.isDirectory(file)) throw new DataException(file + ": is a directory, expected a data file");
      InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      raw.mark(2);
      int b0 = raw.read(), b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
      return raw;
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": file not found", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e, e);
    }
  }

  /**
   * Reads up to {@code n} bytes; fewer only at the end of the data. Gzip damage becomes a
   * DataException naming the file.
   */
  static int readUpTo(InputStream in, byte[] buf, int n, Path file) {
    try {
      return in.readNBytes(buf, 0, n);
    } catch (EOFException e) {
      throw new DataException(file + ": the gzip stream is truncated (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new DataException(file + ": the gzip data is corrupt (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e, e);
    }
  }

  /** Number of bytes left in the stream (consumes it). */
  static long remaining(InputStream in, Path file) {
    try {
      return in.transferTo(OutputStreamSink.INSTANCE);
    } catch (EOFException e) {
      throw new DataException(file + ": the gzip stream is truncated (" + e.getMessage() + ")", e);
    } catch (ZipException e) {
      throw new DataException(file + ": the gzip data is corrupt (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + e, e);
    }
  }

  static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // read-only stream: nothing is lost when closing fails
    }
  }

  /** Counts and drops bytes. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();
    @Override public void write(int b) {}
    @Override public void write(byte[] b, int off, int len) {}
  }
}
