package org.xnorkit.model.bnnpynq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.HwLayer;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.Kind;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.Stage;

/**
 * What the BNN-PYNQ board computes, straight from the raw files and the README's description, with
 * none of the importer's conversions: the host's float preprocessing, the input padded with 0 bits
 * to whole 64-bit words, weights read from the PE memories in place (row n in PE n % PE, word
 * nf·SF + sf, bit k), every padded row and column kept, thresholds compared as the chip does
 * ("threshold &lt; accumulator", in its own fixed-point units). The oracle the imported model is
 * checked against.
 */
final class BoardSimulator {
  private final BnnPynqConfig cfg;
  private final long[][][] weights;    // [layer][pe][word]
  private final long[][][] thresholds; // [layer][pe][nf], null for pass-through

  BoardSimulator(Path dir) throws IOException {
    cfg = BnnPynqSourceParser.parse(Files.readString(dir.resolve("config.h")), "config.h", Files.readString(dir.resolve("top.cpp")), "top.cpp");
    int n = cfg.layers().size();
    weights = new long[n][][];
    thresholds = new long[n][][];
    for (HwLayer l : cfg.layers()) {
      weights[l.index()] = new long[l.pe()][];
      if (!l.passThrough()) thresholds[l.index()] = new long[l.pe()][];
      for (int p = 0; p < l.pe(); p++) {
        weights[l.index()][p] = FoldedMemory.readWords(Files.readAllBytes(dir.resolve(l.index() + "-" + p + "-weights.bin")));
        if (!l.passThrough()) thresholds[l.index()][p] = FoldedMemory.readWords(Files.readAllBytes(dir.resolve(l.index() + "-" + p + "-thres.bin")));
      }
    }
  }

  /** The board's output words for one image (HWC pixels): one bit per row of the last layer, or its 16-bit popcounts when pass-through. */
  long[] run(byte[] pixels) {
    HwLayer first = cfg.layers().get(cfg.stages().get(0).layer());
    int h, w, c;
    if (first.kind() == Kind.CONV) { h = w = first.ifmDim(); c = first.ifmCh(); }
    else { h = 1; w = 1; c = first.mw(); }
    // Activations: bits (0/1) or, for a fixed-point first layer, int8 codes; HWC; padded inputs stay 0.
    int[] act = new int[h * w * c];
    for (int i = 0; i < pixels.length; i++) {
      double x = (pixels[i] & 0xff) / 255.0 * 2 - 1;
      act[i] = first.input() == null ? (x >= 0 ? 1 : 0) : (int) Math.max(-128, Math.min(127, Math.floor(x * 128 + 0.5)));
    }
    long[] result = null;
    for (Stage st : cfg.stages()) {
      if (st.kind() == Kind.POOL) {
        int k = st.poolDim(), oh = h / k, ow = w / k;
        int[] out = new int[oh * ow * c];
        for (int y = 0; y < oh; y++) for (int x = 0; x < ow; x++) for (int ch = 0; ch < c; ch++) {
          int v = 0;
          for (int dy = 0; dy < k; dy++) for (int dx = 0; dx < k; dx++) v |= act[((y * k + dy) * w + x * k + dx) * c + ch];
          out[(y * ow + x) * c + ch] = v;
        }
        act = out; h = oh; w = ow;
        continue;
      }
      HwLayer l = cfg.layers().get(st.layer());
      if (l.kind() == Kind.CONV) {
        int k = l.kernel(), od = l.ofmDim();
        int[] out = new int[od * od * l.ofmCh()];
        int[] window = new int[l.mw()];
        for (int y = 0; y < od; y++) for (int x = 0; x < od; x++) {
          for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) for (int ch = 0; ch < c; ch++)
            window[(ky * k + kx) * c + ch] = act[((y + ky) * w + x + kx) * c + ch];
          long[] chunks = chunks(l, window);
          for (int row = 0; row < l.mh(); row++) out[(y * od + x) * l.ofmCh() + row] = (int) neuron(l, row, window, chunks);
        }
        act = out; h = w = od; c = l.ofmCh();
      } else {
        int[] in = new int[l.mw()]; // the flattened input, padded with 0 bits
        System.arraycopy(act, 0, in, 0, act.length);
        long[] out = new long[l.mh()];
        long[] chunks = chunks(l, in);
        for (int row = 0; row < l.mh(); row++) out[row] = neuron(l, row, in, chunks);
        result = out;
        act = new int[l.mh()];
        for (int i = 0; i < l.mh(); i++) act[i] = (int) out[i];
        h = w = 1; c = l.mh();
      }
    }
    return result;
  }

  /** The input bits as the MVAU sees them: one SIMD-wide word per synapse fold (null for fixed-point inputs). */
  private static long[] chunks(HwLayer l, int[] in) {
    if (l.input() != null) return null;
    long[] x = new long[l.sf()];
    for (int j = 0; j < l.mw(); j++) if (in[j] != 0) x[j / l.simd()] |= 1L << (j % l.simd());
    return x;
  }

  /** One neuron: its output bit, or its accumulator when the layer is pass-through. */
  private long neuron(HwLayer l, int row, int[] in, long[] chunks) {
    long[] pe = weights[l.index()][row % l.pe()];
    int base = (row / l.pe()) * l.sf();
    long acc = 0;
    if (l.input() == null) {
      long mask = l.simd() == 64 ? -1L : (1L << l.simd()) - 1;
      for (int sf = 0; sf < l.sf(); sf++) acc += Long.bitCount(~(pe[base + sf] ^ chunks[sf]) & mask); // XnorMul: agreements
    } else {
      for (int j = 0; j < l.mw(); j++) {
        int bit = (int) (pe[base + j / l.simd()] >>> (j % l.simd()) & 1);
        acc += bit == 1 ? in[j] : -in[j]; // Binary weights times ap_fixed<8,1> codes, in units of 1/128
      }
    }
    if (l.passThrough()) return acc;
    long raw = thresholds[l.index()][row % l.pe()][row / l.pe()];
    if (l.input() == null) return (short) raw < acc ? 1 : 0; // ap_int<16> threshold < popcount
    long s = (raw << 40) >> 40;                                 // ap_fixed<64,56> into ap_fixed<24,16>: low 24 bits
    return s * 128 < acc * 256 ? 1 : 0;                         // s/256 < acc/128
  }
}
