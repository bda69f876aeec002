package org.xnorkit.testbench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xnorkit.model.ExternalToolException;

/**
 * What one harness run recorded (docs/timing.md, "Beat log"): every beat that fired on each
 * logged stream with its cycle, and how the run ended. Stream 0 is {@code m_axis} (the results),
 * stream 1 {@code s_axis} (input fires: cycle and tlast only), streams 2.. the debug probes.
 */
public record BeatLog(List<String> streamNames, List<List<LoggedBeat>> streams, Status status,
                      long cycles, long imagesIn, long imagesOut, long beatsIn, long beatsOut) {
  /** How the run ended. */
  public enum Status {
    /** Every image went in and all their output beats came out. */
    DONE,
    /** The cycle budget ran out first: the design hung or is far slower than its estimate. */
    TIMEOUT,
    /** The design called $finish or $stop before all outputs came out. */
    FINISHED_EARLY
  }

  public static final int OUTPUT = 0;
  public static final int INPUT = 1;
  public static final int FIRST_PROBE = 2;

  static final byte[] MAGIC = {'X', 'N', 'K', 'L', 'O', 'G', '1', 0};

  public BeatLog {
    streamNames = List.copyOf(streamNames);
    List<List<LoggedBeat>> copy = new ArrayList<>();
    for (List<LoggedBeat> s : streams) copy.add(List.copyOf(s));
    streams = List.copyOf(copy);
  }

  public List<LoggedBeat> output() { return streams.get(OUTPUT); }
  public List<LoggedBeat> input() { return streams.get(INPUT); }

  /** Beats of the stream named {@code name}, or null when the log has no such stream. */
  public List<LoggedBeat> stream(String name) {
    int i = streamNames.indexOf(name);
    return i < 0 ? null : streams.get(i);
  }

  /** Reads a beat log written by the harness. A log without its end record means the harness crashed. */
  public static BeatLog read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(raw, file.toString());
    }
  }

  static BeatLog read(InputStream raw, String source) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    byte[] magic = new byte[8];
    try {
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) throw new ExternalToolException(source + " is not an xnorkit beat log (magic XNKLOG1)");
      int n = u32(in);
      List<String> names = new ArrayList<>();
      int[] dataBytes = new int[n], keepBytes = new int[n];
      List<List<LoggedBeat>> beats = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        byte[] name = new byte[u16(in)];
        in.readFully(name);
        names.add(new String(name, StandardCharsets.UTF_8));
        dataBytes[s] = u32(in);
        keepBytes[s] = u32(in);
        beats.add(new ArrayList<>());
      }
      while (true) {
        int kind = in.read();
        if (kind == 1) {
          int s = u16(in);
          if (s >= n) throw new ExternalToolException(source + ": beat on stream " + s + " but the log declares " + n + " streams");
          long cycle = u64(in);
          boolean last = (in.readUnsignedByte() & 1) != 0;
          byte[] keep = new byte[keepBytes[s]], data = new byte[dataBytes[s]];
          in.readFully(keep);
          in.readFully(data);
          beats.get(s).add(new LoggedBeat(cycle, last, keep, data));
        } else if (kind == 2) {
          int st = in.readUnsignedByte();
          Status status = switch (st) {
            case 0 -> Status.DONE;
            case 2 -> Status.TIMEOUT;
            case 3 -> Status.FINISHED_EARLY;
            default -> throw new ExternalToolException(source + ": unknown end status " + st);
          };
          return new BeatLog(names, beats, status, u64(in), u64(in), u64(in), u64(in), u64(in));
        } else if (kind < 0) {
          throw new ExternalToolException(source + ": the beat log ends without its end record (did the harness crash?)");
        } else {
          throw new ExternalToolException(source + ": unknown record kind " + kind);
        }
      }
    } catch (EOFException e) {
      throw new ExternalToolException(source + ": the beat log is truncated (did the harness crash?)", e);
    }
  }

  private static int u16(DataInputStream in) throws IOException {
    return in.readUnsignedByte() | in.readUnsignedByte() << 8;
  }

  private static int u32(DataInputStream in) throws IOException {
    int v = Integer.reverseBytes(in.readInt());
    if (v < 0) throw new IOException("count " + Integer.toUnsignedString(v) + " out of range");
    return v;
  }

  private static long u64(DataInputStream in) throws IOException { return Long.reverseBytes(in.readLong()); }
}
