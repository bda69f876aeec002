package org.xnorkit.hwgen;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.xnorkit.model.engine.Inference;

/**
 * The AXI4-Stream formats of a generated design, built from its manifest (docs/timing.md,
 * "Input packing" and "Output record"). Bytes of a beat are little-endian: byte i of
 * {@code data} is TDATA bits [8i+7 : 8i], and bit i of {@code keep} is TKEEP[i].
 */
public final class StreamFormat {
  private final int height, width, channels, inBytes, outBytes, pixelsPerBeat;
  private final Manifest.OutputRecord record;
  private final int outBeats;

  public StreamFormat(Manifest m) {
    this.height = m.inputHeight();
    this.width = m.inputWidth();
    this.channels = m.inputChannels();
    this.inBytes = m.inputBusBits() / 8;
    this.outBytes = m.outputBusBits() / 8;
    this.pixelsPerBeat = m.pixelsPerBeat();
    this.record = m.outputRecord();
    this.outBeats = m.outputBeatsPerImage();
  }

  /** One stream beat: {@code data} has exactly bus-width/8 bytes; TKEEP as a bit mask; TLAST. */
  public record Beat(byte[] data, long keep, boolean last) {}

  /** Bytes per input beat. */
  public int inputBeatBytes() { return inBytes; }

  /** Bytes per output beat. */
  public int outputBeatBytes() { return outBytes; }

  /** Output beats per image. */
  public int outputBeatsPerImage() { return outBeats; }

  /**
   * The input beats of one image of raw pixels (HWC, one byte per channel): each beat carries
   * {@code pixelsPerBeat} whole pixels, pixel j of the beat at bytes [j·C, (j+1)·C); the last beat
   * carries what remains; unused bytes are 0 with TKEEP low; TLAST on the last beat.
   */
  public List<Beat> packImage(byte[] pixels) {
    int n = height * width * channels;
    if (pixels.length != n)
      throw new IllegalArgumentException("image has " + pixels.length + " bytes, expected " + height + "x" + width + "x" + channels + " = " + n);
    int perBeat = pixelsPerBeat * channels;
    int beats = (n + perBeat - 1) / perBeat;
    List<Beat> out = new ArrayList<>(beats);
    for (int b = 0; b < beats; b++) {
      byte[] data = new byte[inBytes];
      int from = b * perBeat, len = Math.min(perBeat, n - from);
      System.arraycopy(pixels, from, data, 0, len);
      long keep = len == 64 ? -1L : (1L << len) - 1;
      out.add(new Beat(data, keep, b == beats - 1));
    }
    return out;
  }

  /** Decodes the output beats of one image (each {@link #outputBeatBytes()} bytes, TDATA little-endian). */
  public Inference decodeOutput(List<byte[]> beats) {
    if (beats.size() != outBeats) throw new IllegalArgumentException("got " + beats.size() + " output beats, expected " + outBeats);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] b : beats) {
      if (b.length != outBytes) throw new IllegalArgumentException("output beat of " + b.length + " bytes, expected " + outBytes);
      all.writeBytes(b);
    }
    byte[] r = all.toByteArray();
    int predicted = (int) le(r, 0, 4);
    int at = 4;
    int[] bits = null;
    if (record.hasThresholds()) {
      bits = new int[record.classes()];
      for (int c = 0; c < record.classes(); c++) bits[c] = (r[at + c / 8] >> (c % 8)) & 1;
      at += 4 * record.classWords();
    }
    long[] scores = new long[record.classes()];
    for (int c = 0; c < record.classes(); c++) {
      long v = le(r, at, record.scoreBytes());
      scores[c] = record.scoreBytes() == 4 ? (int) v : v;
      at += record.scoreBytes();
    }
    return new Inference(scores, bits, predicted);
  }

  private static long le(byte[] b, int at, int n) {
    long v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[at + i] & 0xff);
    return v;
  }
}
