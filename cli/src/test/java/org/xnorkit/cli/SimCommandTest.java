package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xnorkit sim} end to end on MNIST images (needs ../shared: fails without it). */
class SimCommandTest {
  @TempDir Path tmp;

  @Test
  void reportsResultsCyclesAndEveryUnit() throws Exception {
    Path model = TestModels.write(TestModels.mnistShaped(3, 48), tmp);
    Cli r = Cli.run("sim", "--model", model.toString(), "--fold", "fc0:pe=8,simd=49", "--fold", "out:pe=10,simd=16",
        "--data", "mnist:test", "--limit", "40", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    InferCommandTest.assertKeysSorted(doc);
    assertEquals(40, doc.get("images").asInt());
    assertEquals(0, doc.get("mismatches").asInt());
    assertEquals("done", doc.get("status").asText());
    // fc0: 6 neuron folds x 16 synapse folds = 96 cycles per image, the slowest unit at no stalls.
    assertEquals(96, doc.get("analyticalCyclesPerImage").asLong());
    assertEquals(96.0, doc.get("cyclesPerImage").asDouble());
    assertEquals("fc0", doc.get("bottleneck").asText());
    assertTrue(doc.get("latencyCycles").asLong() > 96);
    assertTrue(doc.get("simulatedCyclesPerSecond").asLong() > 0);
    JsonNode layers = doc.get("layers");
    assertEquals(4, layers.size(), "input, fc0, out, output");
    for (JsonNode l : layers)
      assertEquals(doc.get("cycles").asLong(), l.get("busyCycles").asLong() + l.get("starvedCycles").asLong() + l.get("blockedCycles").asLong(), l.toString());
    assertEquals(40 * 96, layers.get(1).get("busyCycles").asLong(), "fc0 issues nf*sf chunks per image");
  }

  @Test
  void writesVcdAndChartsAndSuggestsFifoDepths() throws Exception {
    Path model = TestModels.write(TestModels.mnistShaped(4, 40), tmp);
    Path vcd = tmp.resolve("run.vcd"), html = tmp.resolve("util.html"), png = tmp.resolve("util.png");
    Cli r = Cli.run("sim", "--model", model.toString(), "--data", "mnist:test", "--limit", "12", "--seed", "5", "--gap", "0.3",
        "--backpressure", "0.3", "--vcd", vcd.toString(), "--chart", html.toString(), "--suggest-fifos", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    String text = Files.readString(vcd);
    assertTrue(text.contains("$enddefinitions") && text.contains("m_axis_tvalid") && text.contains("#10\n"), "a VCD with the handshakes");
    assertTrue(Files.readString(html).contains("<svg"));
    JsonNode sizing = doc.get("fifoSuggestion");
    assertEquals(doc.get("cycles").asLong() >= sizing.get("cycles").asLong(), true, "no deeper FIFO makes the run longer");
    for (JsonNode d : sizing.get("depths")) assertTrue(d.asInt() >= 1);
    Cli p = Cli.run("sim", "--model", model.toString(), "--data", "mnist:test", "--limit", "3", "--chart", png.toString(), "--quiet");
    assertEquals(0, p.code(), p.toString());
    byte[] b = Files.readAllBytes(png);
    assertEquals((byte) 0x89, b[0]);
    assertEquals('P', b[1]);
  }

  @Test
  void aProbabilityOutsideZeroToOneIsAUsageError() throws Exception {
    Path model = TestModels.write(TestModels.mnistShaped(3, 16), tmp);
    Cli r = Cli.run("sim", "--model", model.toString(), "--data", "mnist:test", "--limit", "2", "--gap", "1.5");
    assertEquals(ExitCodes.USAGE, r.code(), r.toString());
    assertTrue(r.err().contains("--gap"), r.err());
  }
}
