package org.xnorkit.model.bnnpynq;

import org.xnorkit.model.bnnpynq.BnnPynqConfig.FixedFormat;

/**
 * Converts between a BNN-PYNQ threshold (a raw int64 from a {@code -thres.bin} file, compared on the
 * chip as "threshold &lt; accumulator") and the model's integer threshold t (direction +1:
 * fires iff acc ≥ t, see docs/semantics.md), for one layer.
 *
 * <p>Units. The model's accumulator is an integer; the chip's is the same number read as a
 * fixed-point value with {@code accFrac} fractional bits (0 for XNOR-popcounts; 7 for CNV's first
 * layer, whose {@code ap_fixed<8, 1>} inputs are q/128 and whose weights are ±1). The file holds
 * raw r with {@code fileFrac} fractional bits; loading it into the chip's threshold type
 * ({@code ap_fixed<bits, intBits>} or {@code ap_int<bits>}) truncates extra fractional bits
 * (AP_TRN, toward −∞) and wraps to {@code bits} (AP_WRAP, the HLS defaults), giving the
 * effective raw e with {@code storeFrac} fractional bits.
 *
 * <p>Comparison. The chip fires iff e / 2^storeFrac &lt; acc / 2^accFrac, i.e. iff
 * e · 2^accFrac &lt; acc · 2^storeFrac. With d = storeFrac − accFrac:
 * <ul>
 *   <li>d ≥ 0, m = 2^d: e &lt; m·acc ⇔ acc &gt; e/m ⇔ acc ≥ ⌊e/m⌋ + 1 (for integer acc);</li>
 *   <li>d &lt; 0, m = 2^−d: m·e &lt; acc ⇔ acc ≥ m·e + 1.</li>
 * </ul>
 * So t = ⌊e / 2^d⌋ + 1: for the binary layers (d = 0) t = T + 1; for CNV's first layer
 * (raw s/256 against acc/128, d = 1) t = ⌊s/2⌋ + 1. When d &gt; 0 the low d bits of e do not
 * change any comparison: that information exists only in the file, not in the model.
 */
public record ThresholdRule(int accFrac, FixedFormat store, int fileFrac) {

  /** The rule of a binary layer with {@code ap_int<16>} thresholds read from plain integers. */
  public static ThresholdRule binary16() { return new ThresholdRule(0, new FixedFormat(16, 16), 0); }

  public int storeFrac() { return store.fracBits(); }

  /** What the chip holds after loading raw file value {@code raw}: truncated and wrapped to the store type. */
  public long effective(long raw) {
    int shift = fileFrac - storeFrac();
    long v = shift >= 0 ? raw >> shift : raw << -shift;
    int bits = store.bits();
    return bits >= 64 ? v : (v << (64 - bits)) >> (64 - bits);
  }

  /** The model threshold t equivalent to raw file value {@code raw} (before any range clamping). */
  public long modelThreshold(long raw) {
    long e = effective(raw);
    int d = storeFrac() - accFrac;
    return d >= 0 ? Math.floorDiv(e, 1L << d) + 1 : e * (1L << -d) + 1;
  }

  /**
   * The raw file value a fresh export writes for model threshold t: the smallest effective value
   * with this comparison, moved to the file's fractional bits. Returns null when no raw value has
   * this comparison exactly (d &lt; 0 and t − 1 not a multiple of 2^−d, or out of the store type's range).
   */
  public Long canonicalRaw(long t) {
    int d = storeFrac() - accFrac;
    long e;
    if (d >= 0) e = (t - 1) * (1L << d);
    else {
      long m = 1L << -d;
      if (Math.floorMod(t - 1, m) != 0) return null;
      e = (t - 1) / m;
    }
    int bits = store.bits();
    if (bits < 64 && (e < -(1L << (bits - 1)) || e > (1L << (bits - 1)) - 1)) return null;
    int shift = fileFrac - storeFrac();
    long raw = shift >= 0 ? e << shift : e >> -shift;
    if (effective(raw) != e) return null;
    return raw;
  }

  @Override public String toString() {
    int d = storeFrac() - accFrac;
    return d == 0 ? "t = T + 1 (chip fires iff T < acc)"
        : "t = floor(s / " + (1L << Math.max(d, 0)) + ") + 1 (chip fires iff s/2^" + storeFrac() + " < acc/2^" + accFrac + ", s held as " + store + ")";
  }
}
