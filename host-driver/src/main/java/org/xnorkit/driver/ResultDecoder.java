package org.xnorkit.driver;

import java.util.List;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;
import org.xnorkit.model.engine.Inference;

/**
 * Turns a design's result beats into an {@link Inference} (docs/timing.md, "Output record") and
 * refuses anything a correct design cannot produce: padding that is not zero, class bits past the
 * last class, a predicted class out of range or one that disagrees with the record's own scores
 * or class bits. A backend answering garbage is an error, not a wrong result.
 */
final class ResultDecoder {
  private final StreamFormat format;
  private final Manifest.OutputRecord record;
  private final int beatBytes, beats;

  ResultDecoder(Manifest m) {
    this.format = new StreamFormat(m);
    this.record = m.outputRecord();
    this.beatBytes = m.outputBusBits() / 8;
    this.beats = m.outputBeatsPerImage();
  }

  int beatsPerImage() { return beats; }
  int beatBytes() { return beatBytes; }

  /** Decodes and checks one image's beats (each {@link #beatBytes()} bytes); throws {@link BackendException} on garbage. */
  Inference decode(List<byte[]> data) {
    byte[] all = new byte[beats * beatBytes];
    if (data.size() != beats) throw new BackendException("a result has " + data.size() + " beats, expected " + beats);
    for (int b = 0; b < beats; b++) System.arraycopy(data.get(b), 0, all, b * beatBytes, beatBytes);
    for (int i = record.recordBytes(); i < all.length; i++)
      if (all[i] != 0) throw new BackendException("garbage result: padding byte " + i + " of the record is " + (all[i] & 0xff) + ", not 0");
    if (record.hasThresholds())
      for (int c = record.classes(); c < 32 * record.classWords(); c++)
        if ((all[4 + c / 8] >> (c % 8) & 1) != 0) throw new BackendException("garbage result: class bit " + c + " is set, the model has " + record.classes() + " classes");
    long predictedWord = (all[0] & 0xffL) | (all[1] & 0xffL) << 8 | (all[2] & 0xffL) << 16 | (all[3] & 0xffL) << 24;
    if (predictedWord >= record.classes())
      throw new BackendException("garbage result: predicted class " + predictedWord + " of " + record.classes());
    Inference inf = format.decodeOutput(data);
    int expected = expectedClass(inf);
    if (inf.predicted() != expected)
      throw new BackendException("garbage result: predicted class " + inf.predicted() + " but its own " + record.readout()
          + " readout gives " + expected + " (" + inf + ")");
    return inf;
  }

  private int expectedClass(Inference inf) {
    if ("highestSetBit".equals(record.readout())) {
      int[] bits = inf.classBits();
      for (int c = bits.length - 1; c >= 0; c--) if (bits[c] != 0) return c;
      return 0;
    }
    int best = 0;
    for (int c = 1; c < inf.classes(); c++) if (inf.score(c) > inf.score(best)) best = c;
    return best;
  }
}
