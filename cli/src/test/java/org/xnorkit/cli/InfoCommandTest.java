package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Network;
import org.xnorkit.model.json.ModelJson;

class InfoCommandTest {
  @TempDir Path tmp;

  @Test
  void describesTheModelAsOneJsonDocument() throws IOException {
    Network net = TestModels.mnistShaped(21, 40);
    Path model = TestModels.write(net, tmp);
    Cli r = Cli.run("info", "--model", model.toString(), "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    InferCommandTest.assertKeysSorted(doc);
    assertEquals("xnorkit-model/1", doc.get("format").asText());
    assertEquals(net.name(), doc.get("name").asText());
    assertEquals(ModelJson.contentHash(net), doc.get("hash").asText());
    assertEquals(64, doc.get("hash").asText().length());
    assertEquals(28, doc.get("input").get("height").asInt());
    assertEquals("bit 1 iff pixel >= 128", doc.get("input").get("rule").asText());
    assertEquals(10, doc.get("classes").asInt());
    JsonNode layers = doc.get("layers");
    assertEquals(2, layers.size());
    assertEquals("dense", layers.get(0).get("kind").asText());
    assertEquals("28x28x1 bits", layers.get(0).get("inShape").asText());
    assertEquals("1x1x40 bits", layers.get(0).get("outShape").asText());
    assertEquals(1, layers.get(0).get("k").asInt());
    assertEquals("1x1x10 scores", layers.get(1).get("outShape").asText());
    // Figures by hand: fc0 has 784x40 weight bits and 40 thresholds, one XNOR-popcount per weight
    // bit (K = 1 input); the output layer 40x10 weight bits and no thresholds.
    assertEquals(784 * 40, layers.get(0).get("binaryWeights").asLong());
    assertEquals(40, layers.get(0).get("thresholds").asLong());
    assertEquals(784 * 40 + 40, layers.get(0).get("params").asLong());
    assertEquals(784 * 40, layers.get(0).get("bops").asLong());
    assertEquals(0, layers.get(0).get("nonBinaryOps").asLong());
    assertEquals(400, layers.get(1).get("params").asLong());
    JsonNode totals = doc.get("totals");
    assertEquals(784 * 40 + 40 + 400, totals.get("params").asLong());
    assertEquals(784 * 40 + 400, totals.get("bops").asLong());
    assertEquals((784 * 40 + 400) / 64.0, totals.get("ops").asDouble(), 1e-9);
    assertTrue(totals.get("storageBits").asLong() > 784 * 40 + 400);
  }

  @Test
  void textOutputHasTheLayerTable() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(22, 40), tmp);
    Cli r = Cli.run("info", "--model", model.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("hash "), r.toString());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fc0") && l.contains("dense") && l.contains("1x1x40 bits") && l.contains("31,400")), r.toString());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total") && l.contains("31,800") && l.contains("31,760")), r.toString());
  }

  @Test
  void aModelEditedAfterWritingIsRefusedWithItsPlace() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(23, 40), tmp);
    String json = Files.readString(model).replaceFirst("\"outputs\": 40", "\"outputs\": 41");
    Files.writeString(model, json);
    Cli r = Cli.run("info", "--model", model.toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains(model.toString()) && r.err().contains("/layers/0"), r.toString());
    assertEquals(4, Cli.run("info", "--model", tmp.resolve("missing.json").toString()).code());
  }
}
