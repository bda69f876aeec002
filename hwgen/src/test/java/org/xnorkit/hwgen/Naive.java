package org.xnorkit.hwgen;

import org.xnorkit.model.Network;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/** Straight from docs/semantics.md, for dense networks: int arrays, nested loops, no folding. */
final class Naive {
  private Naive() {}

  /** Scores, class bits (null without thresholds), predicted. */
  record Result(long[] scores, int[] classBits, int predicted) {}

  static Result infer(Network net, byte[] pixels) {
    int[] v = new int[pixels.length];     // signed values
    int k = 1;
    boolean int8 = net.input().encoding() == org.xnorkit.model.InputSpec.Encoding.INT8;
    int[] lv = new int[pixels.length];    // levels (or codes)
    for (int i = 0; i < pixels.length; i++) {
      lv[i] = net.input().code(pixels[i] & 0xff);
      v[i] = int8 ? lv[i] : 2 * lv[i] - 1;
    }
    for (Layer layer : net.layers()) {
      if (layer instanceof DenseLayer d) {
        int[] out = new int[d.outputs()];
        for (int o = 0; o < d.outputs(); o++) {
          long acc = 0;
          for (int i = 0; i < d.inputs(); i++) {
            boolean w = d.weights().bit(o, i);
            if (int8) acc += w ? lv[i] : -lv[i];
            else for (int p = 0; p < k; p++) acc += (w == (lv[i] > p)) ? 1 : 0;
          }
          out[o] = d.quantizer().level(o, acc);
        }
        k = d.quantizer().k();
        int8 = false;
        lv = out;
      } else if (layer instanceof OutputLayer o) {
        long[] scores = new long[o.classes()];
        int[] bits = o.thresholds() == null ? null : new int[o.classes()];
        for (int c = 0; c < o.classes(); c++) {
          long acc = 0;
          for (int i = 0; i < o.inputs(); i++) {
            if (o.weights() instanceof OutputWeights.Binary b) {
              boolean w = b.bits().bit(c, i);
              if (int8) acc += w ? lv[i] : -lv[i];
              else for (int p = 0; p < k; p++) acc += (w == (lv[i] > p)) ? 1 : 0;
            } else throw new UnsupportedOperationException();
          }
          scores[c] = (long) o.scale(c) * acc + o.offset(c);
          if (bits != null) bits[c] = o.thresholds().level(c, scores[c]);
        }
        int pred = 0;
        if (o.readout() == Readout.ARGMAX) { for (int c = 1; c < scores.length; c++) if (scores[c] > scores[pred]) pred = c; }
        else for (int c = 0; c < scores.length; c++) if (bits[c] == 1) pred = c;
        return new Result(scores, bits, pred);
      } else if (!layer.kind().equals("flatten")) throw new UnsupportedOperationException(layer.kind());
    }
    throw new IllegalStateException("no output layer");
  }

  static Quantizer unused() { return null; }
}
