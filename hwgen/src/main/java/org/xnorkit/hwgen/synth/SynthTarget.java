package org.xnorkit.hwgen.synth;

import java.util.Locale;

/** A Yosys synthesis target: the script's synth command and how its cells count as resources. */
public enum SynthTarget {
  /** Xilinx 7-series, as a top-level design (I/O buffers on the ports; LUT6, FDRE, RAMB18E1/RAMB36E1, DSP48E1, CARRY4). */
  XILINX7("xilinx7", "synth_xilinx"),
  /** Lattice iCE40 (SB_LUT4, SB_DFF*, SB_RAM40_4K, SB_CARRY). */
  ICE40("ice40", "synth_ice40 -noflatten"),
  /**
   * Yosys' generic flow mapped to 6-input LUTs. It has no block RAM library: memories become
   * flip-flops and multiplexers, so its block RAM count is always 0.
   */
  GENERIC("generic", "synth -lut 6");

  private final String id;
  private final String command;

  SynthTarget(String id, String command) { this.id = id; this.command = command; }

  public String id() { return id; }

  /** The Yosys synthesis command, without {@code -top}. */
  public String command() { return command; }

  public static SynthTarget parse(String s) {
    for (SynthTarget t : values()) if (t.id.equals(s.toLowerCase(Locale.ROOT))) return t;
    throw new IllegalArgumentException("unknown synthesis target '" + s + "' (expected xilinx7, ice40 or generic)");
  }

  @Override public String toString() { return id; }
}
