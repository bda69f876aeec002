package org.xnorkit.testbench;

/** Hex text of little-endian byte strings, most significant byte first (as a waveform shows it). */
final class Hex {
  private Hex() {}

  static String of(byte[] littleEndian) {
    if (littleEndian.length == 0) return "''";
    StringBuilder sb = new StringBuilder(littleEndian.length * 2);
    for (int i = littleEndian.length - 1; i >= 0; i--) sb.append(String.format("%02x", littleEndian[i] & 0xff));
    return sb.toString();
  }
}
