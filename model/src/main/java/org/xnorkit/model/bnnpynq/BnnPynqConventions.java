package org.xnorkit.model.bnnpynq;

import java.util.Arrays;
import java.util.List;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.FixedFormat;

/**
 * BNN-PYNQ's fixed conventions that the files do not spell out, shared by the importer and the
 * exporter so the two cannot drift: the host's pixel preprocessing, the padding values, the
 * threshold formats of an 8-bit fixed-point first layer, the metadata keys.
 */
public final class BnnPynqConventions {
  private BnnPynqConventions() {}

  /** Threshold of a padded output row: never fires (finnthesizer pads with 2^16 − 1, saturated to int16). */
  public static final long PADDED_ROW_THRESHOLD = 32767;

  /** The threshold type and file format of the binary layers: ap_int<16>, plain integers. */
  public static final FixedFormat BINARY_THRESHOLD_STORE = new FixedFormat(16, 16);

  /** CNV's first layer: inputs ap_fixed<8, 1>, thresholds held as ap_fixed<24, 16>, files hold ap_fixed<64, 56>. */
  public static final FixedFormat FIXED_INPUT = new FixedFormat(8, 1);
  public static final FixedFormat FIXED_THRESHOLD_STORE = new FixedFormat(24, 16);
  public static final int FIXED_THRESHOLD_FILE_FRAC = 8;

  /** The words of the host's input and output streams are 64 bits wide: finnthesizer pads the first layer's columns and the last layer's rows to multiples of 64. */
  public static final int AXI_PAD = 64;

  /** The passthrough last layer returns 16-bit popcounts (config.h's {@code L<i>_API}). */
  public static final int PASS_THROUGH_API = 16;

  /** Metadata keys written by the importer and read by the exporter. */
  public static final String META_SOURCE = "source";
  public static final String META_LICENSE = "license";
  public static final String META_CLASS_NAMES = "classNames";
  public static final String META_NETWORK = "bnnpynq.network";
  /** Prefix of {@code bnnpynq.rawThresholds.<layer>}: the raw file values of a layer whose model thresholds do not determine them. */
  public static final String META_RAW_THRESHOLDS = "bnnpynq.rawThresholds.";

  public static final String LICENSE = "BSD-3-Clause, Copyright (c) 2016, Xilinx (BNN-PYNQ)";

  /**
   * LFC's host binarization: x = p/255·2 − 1, bit 1 iff x ≥ 0, i.e. iff 2p − 255 ≥ 0, i.e. p ≥ 128.
   */
  public static InputSpec bitsInput(int h, int w, int c) {
    int[] t = new int[256];
    for (int p = 0; p < 256; p++) t[p] = 2 * p - 255 >= 0 ? 1 : 0;
    return new InputSpec(h, w, c, InputSpec.Encoding.BITS, t);
  }

  /**
   * CNV's host quantization of x = 2p/255 − 1 to {@code ap_fixed<8, 1>} with rounding half up and
   * saturation: q = clamp(⌊x·128 + 1/2⌋, −128, 127) = min(127, ⌊(512·p + 255)/510⌋ − 128), exact in
   * integers because x·128 + 1/2 = (512·p + 255)/510 − 128.
   */
  public static int[] fixedInputTable() {
    int[] t = new int[256];
    for (int p = 0; p < 256; p++) t[p] = Math.max(-128, Math.min(127, Math.floorDiv(512 * p + 255, 510) - 128));
    return t;
  }

  public static InputSpec int8Input(int h, int w, int c) {
    return new InputSpec(h, w, c, InputSpec.Encoding.INT8, fixedInputTable());
  }

  /** True when {@code in}'s table is the host preprocessing BNN-PYNQ applies for its encoding. */
  public static boolean isHostPreprocessing(InputSpec in) {
    int[] expected = in.encoding() == InputSpec.Encoding.BITS ? bitsInput(1, 1, 1).table() : fixedInputTable();
    return Arrays.equals(in.table(), expected);
  }

  /** finnthesizer's padTo: the next multiple of {@code pad} at or above {@code v}. */
  public static int padTo(int v, int pad) {
    int r = v % pad;
    return r == 0 ? v : v + pad - r;
  }

  /** classes.txt as BNN-PYNQ ships it: names joined by CRLF, no line break after the last. */
  public static String classesText(List<String> names) { return String.join("\r\n", names); }
}
