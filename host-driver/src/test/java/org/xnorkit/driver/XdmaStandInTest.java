package org.xnorkit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PCIe (XDMA-style) board path for real against its stand-in served by the Verilator harness:
 * named pipes for the host-to-card and card-to-host streams, a regular file as the register file.
 */
class XdmaStandInTest {
  @TempDir Path tmp;

  @Test
  void streamsThroughTheStandInBitExactAndReadsTheCountersBack() throws Exception {
    VerilatorAcceleratorTest.generate();
    Path h2c = tmp.resolve("xdma0_h2c_0"), c2h = tmp.resolve("xdma0_c2h_0"), regs = tmp.resolve("xdma0_user"), log = tmp.resolve("card.log");
    VerilatorAccelerator.mkfifo(h2c);
    VerilatorAccelerator.mkfifo(c2h);
    Files.write(regs, new byte[XdmaRegisters.SIZE]);
    byte[][] images = VerilatorAcceleratorTest.images;
    try (VerilatorAccelerator v = VerilatorAcceleratorTest.accelerator()) {
      Process card = v.serveXdmaStandIn(h2c, c2h, regs, log);
      try {
        List<StreamingDriver.Result> got = new ArrayList<>();
        StreamingDriver.Report r = new StreamingDriver(new StreamingDriver.Options(16, 8, 60_000))
            .run(new XdmaAccelerator(h2c, c2h, regs, VerilatorAcceleratorTest.manifest, 30_000), Arrays.asList(images), got::add);
        assertEquals(images.length, got.size());
        for (int i = 0; i < images.length; i++) assertEquals(VerilatorAcceleratorTest.reference[i], got.get(i).inference(), "image " + i);
        assertEquals(images.length, r.end().imagesOut(), "the card's image counter");
        assertTrue(r.end().cycles() >= images.length * VerilatorAcceleratorTest.manifest.cyclesPerImage(), "the card's cycle counter: " + r.end());
        assertTrue(card.waitFor(30, TimeUnit.SECONDS), "the stand-in exits after the stream");
        assertEquals(0, card.exitValue(), Files.readString(log));
        System.out.println("xdma stand-in: " + images.length + " images, card cycles " + r.end().cycles() + ", " + Files.readString(log).strip());
      } finally {
        card.destroyForcibly();
      }
    }
  }

  @Test
  void aCardWithAnotherDesignIsRefusedNamingTheRegister() throws Exception {
    VerilatorAcceleratorTest.generate();
    Path regs = tmp.resolve("user");
    ByteBuffer b = ByteBuffer.allocate(XdmaRegisters.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(XdmaRegisters.ID, XdmaRegisters.MAGIC);
    b.putInt(XdmaRegisters.IN_BYTES, VerilatorAcceleratorTest.manifest.inputBusBits() / 8);
    b.putInt(XdmaRegisters.OUT_BYTES, VerilatorAcceleratorTest.manifest.outputBusBits() / 8);
    b.putInt(XdmaRegisters.IN_BEATS, (int) VerilatorAcceleratorTest.manifest.inputBeatsPerImage() + 1);
    Files.write(regs, b.array());
    XdmaAccelerator x = new XdmaAccelerator(tmp.resolve("h2c"), tmp.resolve("c2h"), regs, VerilatorAcceleratorTest.manifest, 1000);
    BackendException e = assertThrows(BackendException.class, x::open);
    assertTrue(e.getMessage().contains("input beats per image") && e.getMessage().contains("0x10"), e.getMessage());
    Files.write(regs, new byte[XdmaRegisters.SIZE]);
    BackendException none = assertThrows(BackendException.class, x::open);
    assertTrue(none.getMessage().contains("no xnorkit accelerator"), none.getMessage());
  }
}
