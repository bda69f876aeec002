package org.xnorkit.driver;

/**
 * The register file of an xnorkit accelerator behind a PCIe DMA core (Xilinx XDMA style: the
 * driver exposes it as a character device read and written at byte offsets, little-endian).
 * The harness's DMA-card stand-in ({@code --regs}) serves the same map.
 */
public final class XdmaRegisters {
  private XdmaRegisters() {}

  /** "XNKA" little-endian: an xnorkit accelerator is present and its geometry registers are valid. */
  public static final int MAGIC = 0x414B4E58;
  public static final int ID = 0x00, VERSION = 0x04, IN_BYTES = 0x08, OUT_BYTES = 0x0C, IN_BEATS = 0x10, OUT_BEATS = 0x14,
      CONTROL = 0x18, STATUS = 0x1C, CYCLES = 0x20, IMAGES_OUT = 0x28;
  /** Size of the register file the stand-in uses. */
  public static final int SIZE = 4096;
  /** CONTROL bit 0: run. */
  public static final int RUN = 1;
  /** STATUS values: 0 running, 1 done, 2 hung (idle cycle budget exhausted), 3 the design called $finish. */
  public static final int DONE = 1, HUNG = 2, FINISHED = 3;
}
