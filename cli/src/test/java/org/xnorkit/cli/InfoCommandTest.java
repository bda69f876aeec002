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
  }

  @Test
  void textOutputHasTheLayerTable() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(22, 40), tmp);
    Cli r = Cli.run("info", "--model", model.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("hash "), r.toString());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fc0") && l.contains("dense") && l.contains("1x1x40 bits")), r.toString());
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
