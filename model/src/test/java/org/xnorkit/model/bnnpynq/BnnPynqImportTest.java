package org.xnorkit.model.bnnpynq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.Folding;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

class BnnPynqImportTest {

  static long[] rawWords(Path file) throws IOException { return FoldedMemory.readWords(Files.readAllBytes(file)); }

  @Test
  void lfcStructure() throws IOException {
    Path dir = SharedBnnPynq.net("lfcW1A1");
    BnnPynqImporter.Result r = BnnPynqImporter.importNet(dir, "lfc-w1a1-mnist");
    Network net = r.network();
    assertEquals("lfc-w1a1-mnist", net.name());
    InputSpec in = net.input();
    assertEquals(List.of(28, 28, 1), List.of(in.height(), in.width(), in.channels()));
    assertEquals(InputSpec.Encoding.BITS, in.encoding());
    for (int p = 0; p < 256; p++) assertEquals(p >= 128 ? 1 : 0, in.code(p), "pixel " + p);

    List<Layer> layers = net.layers();
    assertEquals(List.of("fc0", "fc1", "fc2", "out"), layers.stream().map(Layer::name).toList());
    DenseLayer fc0 = (DenseLayer) layers.get(0);
    assertEquals(784, fc0.inputs(), "the 832 padded columns belong to the plan, not the model");
    assertEquals(1024, fc0.outputs());
    assertEquals(1024, ((DenseLayer) layers.get(1)).inputs());
    OutputLayer out = (OutputLayer) layers.get(3);
    assertEquals(1024, out.inputs());
    assertEquals(10, out.classes(), "the 54 padded rows are dropped");
    assertEquals(Readout.HIGHEST_SET_BIT, out.readout());
    assertTrue(out.isIdentityScale());
    assertInstanceOf(OutputWeights.Binary.class, out.weights());

    // Spot checks straight from the files: row n is in PE n % PE at fold n / PE; t = T + 1.
    long[] t3pe0 = rawWords(dir.resolve("3-0-thres.bin"));     // L3: PE 16, rows 0 and 16 (padding)
    assertEquals(t3pe0[0] + 1, out.thresholds().threshold(0, 0));
    long[] t0pe5 = rawWords(dir.resolve("0-5-thres.bin"));     // L0: PE 32, row 5 + 32·7 = 229
    assertEquals(t0pe5[7] + 1, fc0.quantizer().threshold(229, 0));
    long[] w1pe3 = rawWords(dir.resolve("1-3-weights.bin"));   // L1: SIMD 32, PE 64, SF 32: row 3 + 64·2 = 131, column 32·5 + 17 = 177
    assertEquals((w1pe3[2 * 32 + 5] >>> 17 & 1) == 1, ((DenseLayer) layers.get(1)).weights().bit(131, 177));
    for (Layer l : layers.subList(0, 3))
      for (int c = 0; c < 1024; c++) assertEquals(1, ((DenseLayer) l).quantizer().direction(c));

    assertEquals(Map.of("fc0", new Folding(32, 64), "fc1", new Folding(64, 32), "fc2", new Folding(32, 64), "out", new Folding(16, 8)),
        r.plan().foldings());
    assertEquals("0\n1\n2\n3\n4\n5\n6\n7\n8\n9", net.metadata().get("classNames"));
    assertTrue(net.metadata().get("license").contains("BSD-3-Clause"));
    assertTrue(net.metadata().keySet().stream().noneMatch(k -> k.startsWith(BnnPynqConventions.META_RAW_THRESHOLDS)),
        "LFC's thresholds are all T + 1 in range: nothing to keep");
  }

  @Test
  void cnvStructure() throws IOException {
    Path dir = SharedBnnPynq.net("cnvW1A1");
    BnnPynqImporter.Result r = BnnPynqImporter.importNet(dir, "cnv-w1a1-cifar10");
    Network net = r.network();
    InputSpec in = net.input();
    assertEquals(List.of(32, 32, 3), List.of(in.height(), in.width(), in.channels()));
    assertEquals(InputSpec.Encoding.INT8, in.encoding());
    assertEquals(-128, in.code(0));
    assertEquals(127, in.code(255));
    assertEquals(1, in.code(128)); // 2·128/255 - 1 = 0.0039, ·128 = 0.502, rounded: 1
    assertEquals(-1, in.code(127)); // -0.502 rounds half up to -1: no pixel maps to 0
    assertEquals(List.of("conv0", "conv1", "pool0", "conv2", "conv3", "pool1", "conv4", "conv5", "fc0", "fc1", "out"),
        net.layers().stream().map(Layer::name).toList());
    int[][] conv = {{3, 64, 32}, {64, 64, 30}, {64, 128, 14}, {128, 128, 12}, {128, 256, 5}, {256, 256, 3}};
    int ci = 0;
    for (Layer l : net.layers()) {
      if (l instanceof ConvLayer c) {
        assertEquals(3, c.kernel());
        assertEquals(1, c.stride());
        assertEquals(0, c.padding());
        assertEquals(conv[ci][0], c.inChannels(), c.name());
        assertEquals(conv[ci][1], c.outChannels(), c.name());
        assertEquals(conv[ci][2], net.inputType(net.indexOf(c.name())).height(), c.name());
        ci++;
      }
      if (l instanceof MaxPoolLayer p) { assertEquals(2, p.kernel()); assertEquals(2, p.stride()); }
    }
    assertEquals(6, ci);
    assertEquals(256, ((DenseLayer) net.layers().get(8)).inputs());
    OutputLayer out = net.output();
    assertEquals(512, out.inputs());
    assertEquals(10, out.classes());
    assertNull(out.thresholds());
    assertEquals(Readout.ARGMAX, out.readout());
    assertEquals(new Folding(16, 3), r.plan().folding("conv0"));
    assertEquals(new Folding(4, 1), r.plan().folding("out"));
    assertEquals(9, r.plan().foldings().size());
    assertEquals("Airplane\nAutomobile\nBird\nCat\nDeer\nDog\nFrog\nHorse\nShip\nTruck", net.metadata().get("classNames"));

    // conv0: board fires iff s/256 < acc/128, model t = floor(s/2) + 1; the raw values are kept (31 are odd).
    ConvLayer conv0 = (ConvLayer) net.layers().get(0);
    String kept = net.metadata().get(BnnPynqConventions.META_RAW_THRESHOLDS + "conv0");
    String[] raw = kept.split(",");
    assertEquals(64, raw.length);
    int odd = 0;
    for (int c = 0; c < 64; c++) {
      long s = rawWords(dir.resolve("0-" + (c % 16) + "-thres.bin"))[c / 16];
      assertEquals(s, Long.parseLong(raw[c]));
      assertEquals(Math.floorDiv(s, 2) + 1, conv0.quantizer().threshold(c, 0), "channel " + c);
      if ((s & 1) != 0) odd++;
    }
    assertEquals(31, odd);
    assertEquals(1, net.metadata().keySet().stream().filter(k -> k.startsWith(BnnPynqConventions.META_RAW_THRESHOLDS)).count(),
        "only conv0 loses information");
    Quantizer q1 = ((ConvLayer) net.layers().get(1)).quantizer();
    assertEquals(rawWords(dir.resolve("1-7-thres.bin"))[1] + 1, q1.threshold(7 + 32, 0));
  }

  @Test
  void hostPreprocessingTables() {
    // LFC: x = p/255*2 - 1 >= 0, in doubles as the host computes it.
    int[] bits = BnnPynqConventions.bitsInput(1, 1, 1).table();
    for (int p = 0; p < 256; p++) assertEquals(p / 255.0 * 2 - 1 >= 0 ? 1 : 0, bits[p], "pixel " + p);
    // CNV: ap_fixed<8,1> of 2p/255 - 1, rounding half up, saturating; exact rationals: floor((2p - 255)·128/255 + 1/2).
    int[] q = BnnPynqConventions.fixedInputTable();
    for (int p = 0; p < 256; p++) {
      java.math.BigDecimal x = java.math.BigDecimal.valueOf(2L * p - 255).multiply(java.math.BigDecimal.valueOf(128))
          .divide(java.math.BigDecimal.valueOf(255), 30, java.math.RoundingMode.HALF_EVEN).add(new java.math.BigDecimal("0.5"));
      int expected = Math.max(-128, Math.min(127, x.setScale(0, java.math.RoundingMode.FLOOR).intValueExact()));
      assertEquals(expected, q[p], "pixel " + p);
      assertEquals(Math.min(127, Math.floorDiv(512 * p + 255, 510) - 128), q[p], "README formula, pixel " + p);
    }
    assertFalse(q[0] != -128 || q[255] != 127);
  }

  @Test
  void notesSayWhatWasConverted() throws IOException {
    BnnPynqImporter.Result r = BnnPynqImporter.importNet(SharedBnnPynq.net("lfcW1A1"), null);
    assertEquals("lfcW1A1", r.network().name());
    String notes = String.join("\n", r.notes());
    assertTrue(notes.contains("fc0: dropped 48 padded input columns"), notes);
    assertTrue(notes.contains("out: dropped 54 padded output rows"), notes);
    assertArrayEquals(new int[] {1, 1}, new int[] {r.network().input().code(128), r.network().input().code(255)});
  }
}
