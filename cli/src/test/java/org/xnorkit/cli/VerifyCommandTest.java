package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Network;

/**
 * {@code xnorkit verify} end to end: generate, Verilator build, MNIST images through the RTL
 * against the reference engine. Needs verilator and ../shared: fails (never skips) without them.
 */
class VerifyCommandTest {
  @TempDir Path tmp;

  static final String[] FOLDS = {"--fold", "fc0:pe=8,simd=49", "--fold", "out:pe=10,simd=16"};

  @Test
  void aGeneratedDesignMatchesTheEngineAtTheAnalyticalRate() throws Exception {
    Path model = TestModels.write(TestModels.mnistShaped(3, 48), tmp);
    Cli r = Cli.run(concat(new String[] {"verify", "--model", model.toString(), "--data", "mnist:test", "--limit", "30", "--seed", "7", "--json"}, FOLDS));
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    InferCommandTest.assertKeysSorted(doc);
    assertEquals(30, doc.get("images").asInt());
    assertEquals(0, doc.get("mismatches").asInt());
    assertTrue(doc.get("firstMismatch").isNull());
    assertEquals(doc.get("analyticalCyclesPerImage").asDouble(), doc.get("verilatorCyclesPerImage").asDouble(), r.toString());
    assertEquals(1.0, doc.get("cyclesRatio").asDouble());
    assertEquals(0, doc.get("lintFindings").size(), doc.get("lintFindings").toString());
    assertTrue(doc.get("verilatorBuildSeconds").asDouble() >= 0 && doc.get("verilatorRunSeconds").asDouble() > 0);
    assertTrue(r.err().contains("simulate: stall seed 7"), r.err());
    assertEquals(0, doc.get("cycleMismatches").asLong(), "the Java cycle simulator fires every beat at Verilator's cycle");
    assertEquals(0, doc.get("beatDataMismatches").asLong());
    assertEquals(3, doc.get("simulatorRuns").size(), "steady, Verilator seed 2, stall seed 7");
  }

  @Test
  void aCorruptedDesignExitsWithMismatchNamingImageAndLayer() throws Exception {
    Network net = TestModels.mnistShaped(3, 48);
    Path model = TestModels.write(net, tmp);
    Path design = tmp.resolve("design");
    Cli gen = Cli.run(concat(new String[] {"gen", "--model", model.toString(), "--out", design.toString()}, FOLDS));
    assertEquals(0, gen.code(), gen.toString());
    // Invert every weight of PE 0 of fc0: its neurons 0, 8, 16, ... flip sign.
    Path hex = design.resolve("fc0_w_pe0.hex");
    List<String> lines = Files.readAllLines(hex).stream().map(VerifyCommandTest::invert).toList();
    Files.write(hex, lines);

    Cli r = Cli.run("verify", "--model", model.toString(), "--design", design.toString(), "--data", "mnist:test", "--limit", "10", "--json");
    assertEquals(ExitCodes.MISMATCH, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    assertTrue(doc.get("mismatches").asInt() > 0);
    assertEquals("fc0", doc.get("firstMismatch").get("layer").asText(), r.toString());
    int image = doc.get("firstMismatch").get("index").asInt();
    assertTrue(r.err().contains("xnorkit verify: error:") && r.err().contains("image " + image) && r.err().contains("fc0"), r.err());
  }

  @Test
  void aDesignOfAnotherModelIsRefused() throws Exception {
    Path model = TestModels.write(TestModels.mnistShaped(3, 48), tmp);
    Path other = TestModels.write(TestModels.mnistShaped(4, 48), tmp);
    Path design = tmp.resolve("design");
    assertEquals(0, Cli.run(concat(new String[] {"gen", "--model", model.toString(), "--out", design.toString()}, FOLDS)).code());
    Cli r = Cli.run("verify", "--model", other.toString(), "--design", design.toString(), "--data", "mnist:test", "--limit", "5");
    assertEquals(ExitCodes.BAD_INPUT, r.code(), r.toString());
    assertTrue(r.err().contains("modelHash") && r.err().contains("generated from model"), r.err());
  }

  private static String invert(String hexLine) {
    StringBuilder sb = new StringBuilder();
    for (char ch : hexLine.toCharArray()) sb.append(Character.forDigit(15 - Character.digit(ch, 16), 16));
    return sb.toString();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
