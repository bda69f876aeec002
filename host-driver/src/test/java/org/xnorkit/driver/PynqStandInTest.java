package org.xnorkit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Zynq/PYNQ board path (AXI DMA through UIO, a contiguous buffer) for real against its
 * stand-in served by the Verilator harness: regular files mapped shared for the DMA core's
 * registers and for the buffer.
 */
class PynqStandInTest {
  @TempDir Path tmp;

  @Test
  void streamsBatchesThroughTheAxiDmaStandInBitExact() throws Exception {
    VerilatorAcceleratorTest.generate();
    Path regs = tmp.resolve("uio0"), buffer = tmp.resolve("udmabuf0"), log = tmp.resolve("board.log");
    Files.write(regs, new byte[PynqAccelerator.REGS_SIZE]);
    Files.write(buffer, new byte[16 * 1024]);  // small on purpose: the driver splits the stream into several transfers
    long phys = 0x1f000000L;
    byte[][] images = VerilatorAcceleratorTest.images;
    try (VerilatorAccelerator v = VerilatorAcceleratorTest.accelerator()) {
      Process board = v.servePynqStandIn(regs, buffer, phys, log);
      try {
        List<StreamingDriver.Result> got = new ArrayList<>();
        StreamingDriver.Report r = new StreamingDriver(new StreamingDriver.Options(32, 8, 60_000))
            .run(new PynqAccelerator(regs, buffer, phys, VerilatorAcceleratorTest.manifest, 30_000), Arrays.asList(images), got::add);
        assertEquals(images.length, got.size());
        for (int i = 0; i < images.length; i++) assertEquals(VerilatorAcceleratorTest.reference[i], got.get(i).inference(), "image " + i);
        assertEquals(images.length, r.end().imagesOut(), "the accelerator's image counter");
        assertTrue(r.end().cycles() >= images.length * VerilatorAcceleratorTest.manifest.cyclesPerImage(), r.end().toString());
        assertTrue(board.waitFor(30, TimeUnit.SECONDS), "the stand-in exits after the halt");
        assertEquals(0, board.exitValue(), Files.readString(log));
        System.out.println("pynq stand-in: " + images.length + " images, cycles " + r.end().cycles() + ", " + Files.readString(log).strip());
      } finally {
        board.destroyForcibly();
      }
    }
  }
}
