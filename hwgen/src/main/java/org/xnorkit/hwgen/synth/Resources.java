package org.xnorkit.hwgen.synth;

import java.util.Map;

/**
 * FPGA resources counted from Yosys cells. Block RAM is in 18-Kbit units on Xilinx (a RAMB36E1
 * counts 2) and in SB_RAM40_4K blocks on iCE40.
 *
 * @param luts   logic LUTs (LUT1..LUT6, SB_LUT4, $lut), not counting LUTs used as memory
 * @param ffs    flip-flops
 * @param bram18 block RAMs (Xilinx: RAMB18 equivalents; iCE40: 4-Kbit blocks)
 * @param lutram LUTs used as memory (Xilinx RAM32M/RAM64M/RAM*X1*, shift registers SRL16E/SRLC32E)
 * @param dsps   DSP blocks (DSP48E1, SB_MAC16)
 * @param carry  carry cells (CARRY4, SB_CARRY)
 * @param muxes  wide-function multiplexers (MUXF7, MUXF8) that Vivado does not count as LUTs
 * @param cells  all leaf cells
 */
public record Resources(long luts, long ffs, long bram18, long lutram, long dsps, long carry, long muxes, long cells) {
  public static final Resources ZERO = new Resources(0, 0, 0, 0, 0, 0, 0, 0);

  public Resources plus(Resources o) {
    return new Resources(luts + o.luts, ffs + o.ffs, bram18 + o.bram18, lutram + o.lutram, dsps + o.dsps, carry + o.carry,
        muxes + o.muxes, cells + o.cells);
  }

  public Resources times(long n) {
    return new Resources(luts * n, ffs * n, bram18 * n, lutram * n, dsps * n, carry * n, muxes * n, cells * n);
  }

  /** Block RAM tiles (RAMB36 sites) on Xilinx: two RAMB18 share one tile. */
  public long bramTiles() { return (bram18 + 1) / 2; }

  /** Counts one module's own leaf cells ({@code type → count}; submodule types must be left out). */
  static Resources of(SynthTarget target, Map<String, Long> cells) {
    long luts = 0, ffs = 0, bram = 0, lutram = 0, dsps = 0, carry = 0, muxes = 0, all = 0;
    for (Map.Entry<String, Long> e : cells.entrySet()) {
      String t = e.getKey();
      long n = e.getValue();
      all += n;
      switch (target) {
        case XILINX7 -> {
          if (t.matches("LUT[1-6]")) luts += n;
          else if (t.matches("FD[RSCP]E(_1)?|FD[RSCP]?(_1)?|LDCE|LDPE")) ffs += n;
          else if (t.startsWith("RAMB18")) bram += n;
          else if (t.startsWith("RAMB36")) bram += 2 * n;
          else if (t.matches("RAM(32|64|128|256)[MX].*|RAM(32|64)M|SRL16E|SRLC32E|SRLC16E")) lutram += n;
          else if (t.startsWith("DSP48")) dsps += n;
          else if (t.equals("CARRY4") || t.equals("CARRY8")) carry += n;
          else if (t.matches("MUXF[78]")) muxes += n;
        }
        case ICE40 -> {
          if (t.equals("SB_LUT4")) luts += n;
          else if (t.startsWith("SB_DFF")) ffs += n;
          else if (t.startsWith("SB_RAM40_4K") || t.equals("SB_SPRAM256KA")) bram += n;
          else if (t.equals("SB_MAC16")) dsps += n;
          else if (t.equals("SB_CARRY")) carry += n;
        }
        case GENERIC -> {
          if (t.equals("$lut")) luts += n;
          else if (t.matches("\\$_(S?DFF|DFFE|SDFFE|SDFFCE|DFFSR|DFFSRE|ALDFF|ALDFFE|DLATCH)\\w*_")) ffs += n;
          else if (t.startsWith("$mem")) bram += n;
        }
      }
    }
    return new Resources(luts, ffs, bram, lutram, dsps, carry, muxes, all);
  }
}
