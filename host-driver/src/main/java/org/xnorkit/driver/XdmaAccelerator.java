package org.xnorkit.driver;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.StreamFormat;

/**
 * A PCIe board through a DMA driver that exposes stream character devices, as Xilinx XDMA does:
 * images go to the host-to-card device as raw s_axis bytes, results come from the card-to-host
 * device as raw m_axis bytes, and the register file ({@link XdmaRegisters}) is read and written at
 * offsets. Before streaming it checks that the card holds this design (geometry registers) and
 * sets the run bit; after the stream it reads the card's cycle and image counters.
 */
public final class XdmaAccelerator implements Accelerator {
  private final Path h2c, c2h, regs;
  private final Manifest manifest;
  private final long waitMillis;

  /**
   * @param h2c        host-to-card stream device (e.g. /dev/xdma0_h2c_0)
   * @param c2h        card-to-host stream device (e.g. /dev/xdma0_c2h_0)
   * @param regs       register file device (e.g. /dev/xdma0_user)
   * @param waitMillis how long to wait for the card to identify itself
   */
  public XdmaAccelerator(Path h2c, Path c2h, Path regs, Manifest manifest, long waitMillis) {
    this.h2c = h2c;
    this.c2h = c2h;
    this.regs = regs;
    this.manifest = manifest;
    this.waitMillis = waitMillis;
  }

  @Override public String name() { return "xdma"; }
  @Override public boolean reportsCycles() { return false; }

  @Override public Session open() throws IOException {
    FileChannel r = FileChannel.open(regs, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      long deadline = System.currentTimeMillis() + waitMillis;
      while (r32(r, XdmaRegisters.ID) != XdmaRegisters.MAGIC) {
        if (System.currentTimeMillis() > deadline)
          throw new BackendException("no xnorkit accelerator at " + regs + ": register 0x00 reads 0x" + Integer.toHexString(r32(r, XdmaRegisters.ID))
              + ", expected 0x" + Integer.toHexString(XdmaRegisters.MAGIC) + " after " + waitMillis + " ms");
        sleep(2);
      }
      check(r, XdmaRegisters.IN_BYTES, manifest.inputBusBits() / 8, "input bytes per beat");
      check(r, XdmaRegisters.OUT_BYTES, manifest.outputBusBits() / 8, "output bytes per beat");
      check(r, XdmaRegisters.IN_BEATS, manifest.inputBeatsPerImage(), "input beats per image");
      check(r, XdmaRegisters.OUT_BEATS, manifest.outputBeatsPerImage(), "output beats per image");
      w32(r, XdmaRegisters.CONTROL, XdmaRegisters.RUN);
      // Opening a named pipe blocks until its other end opens: h2c first, as the card opens it first.
      OutputStream out = new BufferedOutputStream(new FileOutputStream(h2c.toFile()), 1 << 16);
      DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new FileInputStream(c2h.toFile()), 1 << 16));
      return new XdmaSession(r, out, in);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void check(FileChannel r, int offset, long expected, String what) throws IOException {
    int got = r32(r, offset);
    if (got != expected)
      throw new BackendException("the card at " + regs + " holds a different design: " + what + " (register 0x" + Integer.toHexString(offset)
          + ") is " + got + ", this design has " + expected);
  }

  private final class XdmaSession implements Session {
    private final FileChannel r;
    private final OutputStream out;
    private final DataInputStream in;
    private final StreamFormat format = new StreamFormat(manifest);
    private final ResultDecoder decoder = new ResultDecoder(manifest);
    private volatile End end;

    XdmaSession(FileChannel r, OutputStream out, DataInputStream in) {
      this.r = r;
      this.out = out;
      this.in = in;
    }

    @Override public void send(byte[] pixels) throws IOException {
      for (StreamFormat.Beat b : format.packImage(pixels)) out.write(b.data());
    }

    @Override public void flush() throws IOException { out.flush(); }

    @Override public void finish() throws IOException { out.close(); }

    @Override public Output receive() throws IOException {
      List<byte[]> beats = new ArrayList<>(decoder.beatsPerImage());
      for (int b = 0; b < decoder.beatsPerImage(); b++) {
        byte[] data = new byte[decoder.beatBytes()];
        int got = in.readNBytes(data, 0, data.length);
        if (got == 0 && b == 0) return ended();
        if (got != data.length) throw new BackendException("the card-to-host stream " + c2h + " ended in the middle of a result (" + (b * data.length + got) + " bytes)");
        beats.add(data);
      }
      return new Output(decoder.decode(beats), -1, -1);
    }

    private Output ended() throws IOException {
      long deadline = System.currentTimeMillis() + waitMillis;
      int status;
      while ((status = r32(r, XdmaRegisters.STATUS)) == 0) {
        if (System.currentTimeMillis() > deadline)
          throw new BackendException("the card-to-host stream " + c2h + " closed but the card never reported done (status register 0)");
        sleep(2);
      }
      if (status == XdmaRegisters.HUNG) throw new BackendException("the card reports the design hung (status 2)");
      if (status != XdmaRegisters.DONE) throw new BackendException("the card reports status " + status);
      end = new End(r64(r, XdmaRegisters.CYCLES), -1, r64(r, XdmaRegisters.IMAGES_OUT));
      return null;
    }

    @Override public End end() { return end; }

    @Override public void abort() {
      try { out.close(); } catch (IOException ignored) { /* closing on the error path */ }
      try { in.close(); } catch (IOException ignored) { /* closing on the error path */ }
      try { w32(r, XdmaRegisters.CONTROL, 0); r.close(); } catch (IOException ignored) { /* closing on the error path */ }
    }

    @Override public String describe() { return "h2c " + h2c + ", c2h " + c2h; }
  }

  static int r32(FileChannel ch, int offset) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) if (ch.read(b, offset + b.position()) < 0) return 0;
    return b.getInt(0);
  }

  static long r64(FileChannel ch, int offset) throws IOException {
    return (r32(ch, offset) & 0xffffffffL) | (long) r32(ch, offset + 4) << 32;
  }

  static void w32(FileChannel ch, int offset, int v) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v);
    while (b.hasRemaining()) ch.write(b, offset + b.position());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while waiting for the card");
    }
  }
}
