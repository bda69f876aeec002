package org.xnorkit.testbench;

/**
 * A debug probe: an internal ready/valid stream the debug build records like the top-level
 * ones. {@code valid}, {@code ready} and {@code data} are signals declared in module
 * {@code module}, read in its instance {@code instance} (a hierarchical name from the top,
 * {@code Accelerator.m_1}). The debug build makes exactly these signals public with a Verilator
 * configuration file ({@link #publicDeclarations}), which keeps the build as fast as a normal one,
 * and {@link #verilatorName} gives Verilator's flat C++ member names.
 */
public record Probe(String name, String instance, String module, String valid, String ready, String data, int dataBits) {
  private static final String ID = "[A-Za-z_][A-Za-z0-9_$]*";

  public Probe {
    if (name == null || name.isEmpty() || name.length() > 200 || name.contains("\"") || name.contains("\\"))
      throw new IllegalArgumentException("probe name must be 1..200 characters without quotes or backslashes");
    if (instance == null || !instance.matches(ID + "(\\." + ID + ")*"))
      throw new IllegalArgumentException("probe " + name + ": instance '" + instance + "' is not a hierarchical Verilog name (a.b.c)");
    for (String s : new String[] {module, valid, ready, data})
      if (s == null || !s.matches(ID)) throw new IllegalArgumentException("probe " + name + ": '" + s + "' is not a Verilog identifier");
    if (dataBits < 1) throw new IllegalArgumentException("probe " + name + ": dataBits (" + dataBits + ") must be >= 1");
  }

  /** Lines of a Verilator configuration file that make this probe's signals readable. */
  public String publicDeclarations() {
    StringBuilder sb = new StringBuilder();
    for (String v : new String[] {valid, ready, data})
      sb.append("public_flat_rw -module \"").append(module).append("\" -var \"").append(v).append("\"\n");
    return sb.toString();
  }

  /** Verilator's flat C++ name of one of this probe's signals. */
  public String member(String signal) { return verilatorName(instance + "." + signal); }

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
