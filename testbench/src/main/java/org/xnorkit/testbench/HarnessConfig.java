package org.xnorkit.testbench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the generated part of the harness needs to know about a design: its top module, the
 * widths of its s_axis and m_axis tdata (multiples of 8; tkeep is a bit per byte), and, for a
 * debug build, the internal streams to record. Everything else is a run-time argument.
 */
public record HarnessConfig(String top, int inBits, int outBits, List<Probe> probes) {
  public HarnessConfig {
    if (top == null || !top.matches("[A-Za-z][A-Za-z0-9_]*")) throw new IllegalArgumentException("top module name '" + top + "' is not a plain Verilog identifier");
    if (inBits < 8 || inBits % 8 != 0) throw new IllegalArgumentException("s_axis_tdata width (" + inBits + ") must be a positive multiple of 8");
    if (outBits < 8 || outBits % 8 != 0) throw new IllegalArgumentException("m_axis_tdata width (" + outBits + ") must be a positive multiple of 8");
    probes = List.copyOf(probes);
    Set<String> names = new HashSet<>(List.of("m_axis", "s_axis"));
    for (Probe p : probes) if (!names.add(p.name())) throw new IllegalArgumentException("probe name '" + p.name() + "' is used twice (or clashes with m_axis/s_axis)");
  }

  public HarnessConfig(String top, int inBits, int outBits) { this(top, inBits, outBits, List.of()); }

  /** True for a debug build (one with probes, built with public signals). */
  public boolean debug() { return !probes.isEmpty(); }

  public int inDataBytes() { return inBits / 8; }
  public int inKeepBytes() { return (inBits / 8 + 7) / 8; }
  public int outDataBytes() { return outBits / 8; }
  public int outKeepBytes() { return (outBits / 8 + 7) / 8; }
}
