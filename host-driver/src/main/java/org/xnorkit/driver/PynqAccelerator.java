package org.xnorkit.driver;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;

/**
 * A Zynq board the PYNQ way (as BNN-PYNQ's boards are driven): the AXI DMA core's registers
 * mapped through UIO, and a physically contiguous buffer (u-dma-buf / CMA) that the DMA reads the
 * images from and writes the results to. Each batch is one pair of transfers: arm S2MM for the
 * batch's results, start MM2S with its images, wait until both channels are idle.
 *
 * <p>Register map: Xilinx AXI DMA simple mode (PG021) at the offsets below; the accelerator's own
 * counters (cycles, images, status) at 0x100.. in the same register space. On the stand-in the
 * registers are plain shared memory: the host clears a status register by writing 0 where the
 * real core has write-1-to-clear bits.
 */
public final class PynqAccelerator implements Accelerator {
  public static final int MM2S_DMACR = 0x00, MM2S_DMASR = 0x04, MM2S_SA = 0x18, MM2S_LENGTH = 0x28,
      S2MM_DMACR = 0x30, S2MM_DMASR = 0x34, S2MM_DA = 0x48, S2MM_LENGTH = 0x58,
      XNK_CYCLES = 0x100, XNK_IMAGES = 0x108, XNK_STATUS = 0x110, REGS_SIZE = 0x1000;
  /** DMASR bits: Idle (1) and IOC_Irq (12). */
  public static final int IDLE_IOC = 0x1002;

  private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final Path uioRegs, buffer;
  private final long physAddr;
  private final Manifest manifest;
  private final long timeoutMillis;

  /**
   * @param uioRegs  the DMA core's register space (e.g. /dev/uio0, map 0)
   * @param buffer   the contiguous buffer (e.g. /dev/udmabuf0)
   * @param physAddr its physical address (e.g. from /sys/class/u-dma-buf/udmabuf0/phys_addr)
   */
  public PynqAccelerator(Path uioRegs, Path buffer, long physAddr, Manifest manifest, long timeoutMillis) {
    this.uioRegs = uioRegs;
    this.buffer = buffer;
    this.physAddr = physAddr;
    this.manifest = manifest;
    this.timeoutMillis = timeoutMillis;
  }

  @Override public String name() { return "pynq"; }
  @Override public boolean reportsCycles() { return false; }

  @Override public Session open() throws IOException {
    MappedByteBuffer regs, buf;
    try (FileChannel r = FileChannel.open(uioRegs, StandardOpenOption.READ, StandardOpenOption.WRITE);
         FileChannel b = FileChannel.open(buffer, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      regs = r.map(FileChannel.MapMode.READ_WRITE, 0, REGS_SIZE);
      buf = b.map(FileChannel.MapMode.READ_WRITE, 0, b.size());
    }
    int inBytes = (int) (manifest.inputBeatsPerImage() * (manifest.inputBusBits() / 8));
    int outBytes = manifest.outputBeatsPerImage() * (manifest.outputBusBits() / 8);
    int perBatch = buf.capacity() / (inBytes + outBytes);
    if (perBatch < 1) throw new BackendException("the DMA buffer " + buffer + " (" + buf.capacity() + " bytes) cannot hold one image and its result");
    set(regs, XNK_STATUS, 0);
    set(regs, MM2S_DMACR, 1);  // run
    set(regs, S2MM_DMACR, 1);
    return new Session() {
      private final StreamFormat format = new StreamFormat(manifest);
      private final ResultDecoder decoder = new ResultDecoder(manifest);
      private final List<byte[]> pending = new ArrayList<>();
      private final ResultQueue out = new ResultQueue(Math.max(1024, 2 * perBatch));
      private volatile End end;
      private volatile boolean aborted;

      @Override public void send(byte[] pixels) throws IOException {
        pending.add(pixels);
        if (pending.size() == perBatch) flush();
      }

      @Override public void flush() throws IOException {
        if (pending.isEmpty()) return;
        int n = pending.size();
        int at = 0;
        for (byte[] img : pending)
          for (StreamFormat.Beat beat : format.packImage(img)) {
            buf.put(at, beat.data());
            at += beat.data().length;
          }
        pending.clear();
        int outAt = n * inBytes, outLen = n * outBytes;
        set(regs, S2MM_DMASR, 0);
        set(regs, S2MM_DA, (int) (physAddr + outAt));
        set(regs, S2MM_LENGTH, outLen);   // arms the receive channel
        set(regs, MM2S_DMASR, 0);
        set(regs, MM2S_SA, (int) physAddr);
        set(regs, MM2S_LENGTH, n * inBytes);  // starts the send
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while ((get(regs, S2MM_DMASR) & IDLE_IOC) != IDLE_IOC || (get(regs, MM2S_DMASR) & IDLE_IOC) != IDLE_IOC) {
          if (aborted) throw new BackendException("aborted");
          if (System.currentTimeMillis() > deadline)
            throw new BackendException("the DMA transfer of a batch of " + n + " images did not complete within " + timeoutMillis + " ms (S2MM_DMASR 0x"
                + Integer.toHexString(get(regs, S2MM_DMASR)) + ", MM2S_DMASR 0x" + Integer.toHexString(get(regs, MM2S_DMASR)) + ")");
          Thread.onSpinWait();
        }
        int got = get(regs, S2MM_LENGTH);
        if (got != outLen) throw new BackendException("S2MM received " + got + " bytes for a batch of " + n + " images, expected " + outLen);
        int beatBytes = decoder.beatBytes();
        for (int i = 0; i < n; i++) {
          List<byte[]> beats = new ArrayList<>();
          for (int b = 0; b < decoder.beatsPerImage(); b++) {
            byte[] d = new byte[beatBytes];
            buf.get(outAt + i * outBytes + b * beatBytes, d);
            beats.add(d);
          }
          try {
            out.put(new Output(decoder.decode(beats), -1, -1));
          } catch (BackendException e) {
            out.fail(e);
            return;
          }
        }
      }

      @Override public void finish() throws IOException {
        flush();
        set(regs, MM2S_DMACR, 0);  // halt: the end of the stream
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int status;
        while ((status = get(regs, XNK_STATUS)) == 0) {
          if (System.currentTimeMillis() > deadline) throw new BackendException("the board never reported the end of the stream (status 0)");
          Thread.onSpinWait();
        }
        if (status != 1) throw new BackendException("the board reports status " + status + (status == 2 ? " (the design hung)" : ""));
        end = new End(get64(regs, XNK_CYCLES), -1, get64(regs, XNK_IMAGES));
        out.end();
      }

      @Override public Output receive() { return out.take(); }

      @Override public End end() { return end; }

      @Override public void abort() {
        aborted = true;
        out.abort();
        set(regs, MM2S_DMACR, 0);
      }

      @Override public String describe() { return "AXI DMA " + uioRegs + ", buffer " + buffer + " @ 0x" + Long.toHexString(physAddr); }
    };
  }

  static int get(MappedByteBuffer b, int at) { return (int) INT.getVolatile(b, at); }
  static long get64(MappedByteBuffer b, int at) { return (get(b, at) & 0xffffffffL) | (long) get(b, at + 4) << 32; }
  static void set(MappedByteBuffer b, int at, int v) { INT.setVolatile(b, at, v); }
}
