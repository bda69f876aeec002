package org.xnorkit.model.engine;

import org.xnorkit.model.TensorType;

/**
 * Where the bits of one tensor lie in a {@code long[]} buffer of the {@link ReferenceEngine}.
 *
 * <p>A tensor is carried as bit-planes: K thermometer planes for a K-level tensor (plane k = 1 iff
 * ℓ > k), or 8 two's-complement bit slices for int8 codes (plane j = bit j of the code). Element
 * (pixel p = y·W + x, channel c) of plane k is bit {@code pixelBit(p) + c + 64·k·planeStride} of the
 * buffer, counting LSB-first from word 0. Two shapes are used, chosen by the layer that reads the
 * tensor:
 *
 * <ul>
 *   <li><b>pixels</b> (read by conv2d and maxpool): each pixel's channels start on a word boundary,
 *       {@code wordsPerPlane = ceil(C/64)} words per plane, planes of a pixel adjacent; the image is
 *       surrounded by a {@code pad}-pixel border holding the pad element, written once per buffer.
 *       A conv window is then a handful of whole-word copies.</li>
 *   <li><b>flat</b> (read by dense and output layers): the HWC-flattened vector packed densely, one
 *       plane after another, {@code planeStride} words apart: the very order of the weight rows.</li>
 * </ul>
 *
 * <p>Invariant the kernels depend on: <b>ghost bits are zero</b> — every bit of a buffer that is not
 * an element's plane bit is 0, in inputs and in re-packed weights alike. Then XOR of a weight word
 * and an input word has no ghost bits, and the agreements of a row are {@code planes·n − Σ popcount(x ^ w)}
 * without any tail mask. Producers keep it: pixel layouts are written in whole words whose ghost bits
 * are zero, flat layouts are cleared by {@link #prepare} and then OR-ed into.
 *
 * <p>Engine-internal; public only so the per-kind kernels in {@code org.xnorkit.model.layer.*} can use it.
 */
public final class Layout {
  private final TensorType type;
  private final int planes;
  private final int planeStride;
  private final int wordsPerPlane;
  private final int[] pixelBit;
  private final boolean aligned;
  private final int bufferWords;
  private final int pad;
  private final int paddedWidth;
  private final long[] padPixel; // planes × wordsPerPlane words of the pad element, or null
  private final int regionStart; // first word this layout writes (flat) — cleared by prepare
  private final int regionWords;

  private Layout(TensorType type, int planeStride, int wordsPerPlane, int[] pixelBit, int bufferWords,
                 int pad, int paddedWidth, long[] padPixel, int regionStart, int regionWords) {
    this.type = type;
    this.planes = planesOf(type);
    this.planeStride = planeStride;
    this.wordsPerPlane = wordsPerPlane;
    this.pixelBit = pixelBit;
    boolean a = true;
    for (int b : pixelBit) a &= (b & 63) == 0;
    // Whole words may be copied only when each pixel starts a word and owns its words.
    boolean ownsWords = paddedWidth > 0 || pixelBit.length == 1 || type.channels() % 64 == 0;
    this.aligned = a && ownsWords;
    this.bufferWords = bufferWords;
    this.pad = pad;
    this.paddedWidth = paddedWidth;
    this.padPixel = padPixel;
    this.regionStart = regionStart;
    this.regionWords = regionWords;
  }

  /** Bit-planes a tensor of this type is carried in: K for levels, 8 for int8 codes. */
  public static int planesOf(TensorType t) {
    return t.domain() == TensorType.Domain.INT8 ? 8 : t.k();
  }

  /** Weight of plane j of an int8 code in two's complement: 1, 2, ..., 64, −128. */
  public static int sliceWeight(int j) { return j == 7 ? -128 : 1 << j; }

  /** Pixel layout with a border of {@code pad} pixels whose element has signed value {@code padValue}. */
  public static Layout pixels(TensorType t, int pad, int padValue) {
    int planes = planesOf(t), wpp = (t.channels() + 63) >>> 6, pixelWords = planes * wpp;
    int pw = t.width() + 2 * pad, ph = t.height() + 2 * pad;
    int[] bits = new int[t.height() * t.width()];
    for (int y = 0; y < t.height(); y++)
      for (int x = 0; x < t.width(); x++)
        bits[y * t.width() + x] = Math.multiplyExact(((y + pad) * pw + x + pad) * pixelWords, 64);
    long[] padPixel = null;
    if (pad > 0) {
      int code = t.domain() == TensorType.Domain.INT8 ? padValue : (padValue + t.k()) / 2; // level ℓ with 2ℓ − K = padValue
      padPixel = new long[pixelWords];
      for (int k = 0; k < planes; k++)
        if (planeBit(t, code, k))
          for (int w = 0; w < wpp; w++) padPixel[k * wpp + w] = wordMask(t.channels(), w);
    }
    return new Layout(t, wpp, wpp, bits, ph * pw * pixelWords, pad, pw, padPixel, 0, 0);
  }

  /** Flat layout in a buffer of its own. */
  public static Layout flat(TensorType t) {
    int wf = (t.size() + 63) >>> 6;
    return flatAt(t, 0, wf, planesOf(t) * wf);
  }

  private static Layout flatAt(TensorType t, int baseWord, int stride, int bufferWords) {
    int hw = t.height() * t.width(), c = t.channels();
    int[] bits = new int[hw];
    for (int p = 0; p < hw; p++) bits[p] = baseWord * 64 + p * c;
    int planes = planesOf(t);
    return new Layout(t, stride, (c + 63) >>> 6, bits, bufferWords, -1, 0, null, baseWord, planes * stride);
  }

  /**
   * The layout of the H×W×C tensor that a flatten layer turns into this layout's 1×1×N tensor:
   * the same bits, HWC order, in the same buffer (flatten moves no data).
   */
  public Layout flattenedFrom(TensorType in) {
    if (type.height() != 1 || type.width() != 1 || in.size() != type.size())
      throw new IllegalArgumentException(type + " is not the flattened form of " + in);
    return flatAt(in, pixelBit[0] >>> 6, planeStride, bufferWords);
  }

  public TensorType type() { return type; }
  public int planes() { return planes; }
  /** Words between plane k and plane k+1 of the same element. */
  public int planeStride() { return planeStride; }
  /** ceil(C/64): words one plane of one pixel spans in a pixel layout. */
  public int wordsPerPlane() { return wordsPerPlane; }
  /** Words one pixel spans in a pixel layout (planes × wordsPerPlane). */
  public int pixelWords() { return planes * wordsPerPlane; }
  public int bufferWords() { return bufferWords; }
  /** Border width of a pixel layout. */
  public int pad() { return Math.max(pad, 0); }
  /** Width including both borders of a pixel layout. */
  public int paddedWidth() { return paddedWidth; }
  /** First word of pixel (y, x) given in padded coordinates (0 ≤ y < H + 2·pad), pixel layouts only. */
  public int paddedPixelWord(int y, int x) { return (y * paddedWidth + x) * planes * wordsPerPlane; }
  /** First word of the flat vector's plane 0, flat layouts only. */
  public int baseWord() { return pixelBit[0] >>> 6; }

  /** Once per fresh buffer: writes the constant border of a padded pixel layout. */
  public void initBuffer(long[] buf) {
    if (padPixel == null) return;
    int h = type.height() + 2 * pad, pw = paddedWidth;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < pw; x++)
        if (y < pad || y >= h - pad || x < pad || x >= pw - pad)
          System.arraycopy(padPixel, 0, buf, paddedPixelWord(y, x), padPixel.length);
  }

  /** Before a producer writes: unaligned (flat) layouts are OR-ed into, so clear their region first. */
  public void prepare(long[] buf) {
    if (!aligned) java.util.Arrays.fill(buf, regionStart, regionStart + regionWords, 0L);
  }

  /**
   * Writes pixel p from {@code src}: planes × wordsPerPlane words, plane-major, ghost bits zero.
   * The destination must have been {@link #prepare}d unless the layout is aligned.
   */
  public void writePixel(long[] buf, int p, long[] src, int srcOff) {
    int wpp = wordsPerPlane;
    if (aligned) {
      int base = pixelBit[p] >>> 6;
      for (int k = 0; k < planes; k++) System.arraycopy(src, srcOff + k * wpp, buf, base + k * planeStride, wpp);
      return;
    }
    for (int k = 0; k < planes; k++) {
      int pos = pixelBit[p] + k * planeStride * 64;
      for (int w = 0; w < wpp; w++, pos += 64) {
        long v = src[srcOff + k * wpp + w];
        if (v == 0) continue;
        int word = pos >>> 6, sh = pos & 63;
        buf[word] |= v << sh;
        if (sh != 0) {
          long hi = v >>> (64 - sh); // nonzero only where real bits cross into the next word
          if (hi != 0) buf[word + 1] |= hi;
        }
      }
    }
  }

  /**
   * Writes pixel p from C element values starting at {@code values[off]}: levels ℓ (levels
   * tensors) or codes (int8). {@code tmp} needs {@link #pixelWords()} words.
   */
  public void writeValues(long[] buf, int p, int[] values, int off, long[] tmp) {
    int c = type.channels(), wpp = wordsPerPlane;
    java.util.Arrays.fill(tmp, 0, planes * wpp, 0L);
    if (type.domain() == TensorType.Domain.INT8) {
      for (int i = 0; i < c; i++) {
        int code = values[off + i] & 0xff;
        long bit = 1L << (i & 63);
        int w = i >>> 6;
        for (int j = 0; j < 8; j++) if ((code >>> j & 1) != 0) tmp[j * wpp + w] |= bit;
      }
    } else if (planes == 1) {
      for (int i = 0; i < c; i++) tmp[i >>> 6] |= (long) values[off + i] << (i & 63);
    } else {
      for (int i = 0; i < c; i++) {
        int l = values[off + i];
        long bit = 1L << (i & 63);
        for (int k = 0; k < l; k++) tmp[k * wpp + (i >>> 6)] |= bit; // thermometer: planes 0..ℓ−1 set
      }
    }
    writePixel(buf, p, tmp, 0);
  }

  /**
   * Writes the whole tensor from its H·W·C element values in HWC order (levels, or codes for
   * int8). Flat layouts are packed a word at a time; pixel layouts pixel by pixel. Needs no
   * {@link #prepare}: every word of the tensor is assigned.
   */
  public void writeTensor(long[] buf, int[] values, long[] tmp) {
    int hw = type.height() * type.width(), c = type.channels();
    if (paddedWidth > 0) {
      for (int p = 0; p < hw; p++) writeValues(buf, p, values, p * c, tmp);
      return;
    }
    int n = type.size(), base = baseWord();
    boolean int8 = type.domain() == TensorType.Domain.INT8;
    for (int k = 0; k < planes; k++) {
      int row = base + k * planeStride;
      for (int w = 0, e = 0; e < n; w++) {
        long word = 0;
        for (int end = Math.min(n, e + 64); e < end; e++) {
          int v = values[e];
          boolean bit = int8 ? ((v & 0xff) >>> k & 1) != 0 : v > k;
          if (bit) word |= 1L << (e & 63);
        }
        buf[row + w] = word;
      }
    }
  }

  /** Reads pixel p's C element values (levels, or codes for int8) into {@code dst[off..]}. */
  public void readValues(long[] buf, int p, int[] dst, int off) {
    int c = type.channels();
    boolean int8 = type.domain() == TensorType.Domain.INT8;
    for (int i = 0; i < c; i++) {
      int v = 0;
      for (int k = 0; k < planes; k++) {
        int pos = pixelBit[p] + i + k * planeStride * 64;
        if ((buf[pos >>> 6] >>> (pos & 63) & 1L) != 0) v += int8 ? sliceWeight(k) : 1;
      }
      dst[off + i] = v;
    }
  }

  /** Whether plane k of an element with value {@code v} (level, or int8 code) is 1. */
  static boolean planeBit(TensorType t, int v, int k) {
    return t.domain() == TensorType.Domain.INT8 ? ((v & 0xff) >>> k & 1) != 0 : v > k;
  }

  /** The real bits of word w of a C-bit row: all ones except past C in the last word. */
  public static long wordMask(int c, int w) {
    int rest = c - 64 * w;
    return rest >= 64 ? -1L : (1L << rest) - 1;
  }
}
