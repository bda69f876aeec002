package org.xnorkit.testbench;

/**
 * A debug probe: an internal ready/valid stream the debug build records like the top-level
 * ones. The signals are hierarchical Verilog names below the top module
 * ({@code Accelerator.conv0.io_out_valid}); the debug build makes them readable with Verilator's
 * {@code --public-flat-rw}, and {@link #verilatorName} turns them into Verilator's flat C++ names.
 */
public record Probe(String name, String valid, String ready, String data, int dataBits) {
  public Probe {
    if (name == null || name.isEmpty() || name.length() > 200) throw new IllegalArgumentException("probe name must be 1..200 characters");
    for (String s : new String[] {valid, ready, data})
      if (s == null || !s.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*"))
        throw new IllegalArgumentException("probe " + name + ": '" + s + "' is not a hierarchical Verilog name (a.b.c)");
    if (dataBits < 1) throw new IllegalArgumentException("probe " + name + ": dataBits (" + dataBits + ") must be >= 1");
  }

  public int dataBytes() { return (dataBits + 7) / 8; }

  /**
   * Verilator's flat member name of a public signal: hierarchy joined by {@code __DOT__}, each
   * identifier encoded as Verilator encodes names (a second consecutive underscore becomes
   * {@code ___05F}, any other non-alphanumeric character {@code __0HH}).
   */
  public static String verilatorName(String hierarchical) {
    String[] parts = hierarchical.split("\\.");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) sb.append("__DOT__");
      sb.append(encode(parts[i]));
    }
    return sb.toString();
  }

  private static String encode(String id) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isLetterOrDigit(c) && c < 128) sb.append(c);
      else if (c == '_') sb.append(i + 1 < id.length() && id.charAt(i + 1) == '_' ? "___05F" : "_");
      else sb.append(String.format("__0%02X", (int) c));
    }
    return sb.toString();
  }
}
