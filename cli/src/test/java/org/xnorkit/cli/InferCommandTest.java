package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;

class InferCommandTest {
  @TempDir Path tmp;

  static JsonNode parseOnlyDocument(String out) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    var parser = mapper.getFactory().createParser(out);
    JsonNode doc = mapper.readTree(parser);
    assertEquals(null, parser.nextToken(), "stdout must hold exactly one JSON document:\n" + out);
    return doc;
  }

  static void assertKeysSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) keys.add(it.next());
      List<String> sorted = new ArrayList<>(keys);
      java.util.Collections.sort(sorted);
      assertEquals(sorted, keys, "keys are not sorted");
    }
    for (JsonNode child : node) assertKeysSorted(child);
  }

  @Test
  void reportsAccuracyOfTheReferenceEngineAsOneJsonDocument() throws IOException {
    Network net = TestModels.mnistShaped(1, 64);
    Path model = TestModels.write(net, tmp);
    Cli r = Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "300", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = parseOnlyDocument(r.out());
    assertKeysSorted(doc);

    // The same images one by one through the engine's single-image path.
    Dataset set = Datasets.load("mnist:test", null, 300);
    int correct = 0, top5 = 0;
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      for (int i = 0; i < set.size(); i++) {
        Inference inf = engine.infer(set.images()[i]);
        if (inf.predicted() == set.labels()[i]) correct++;
        long s = inf.score(set.labels()[i]);
        int above = 0;
        for (int c = 0; c < 10; c++) if (inf.score(c) > s || (inf.score(c) == s && c < set.labels()[i])) above++;
        if (above < 5) top5++;
      }
    }
    assertEquals(300, doc.get("images").asInt());
    assertEquals(correct, doc.get("correct").asInt());
    assertEquals(correct / 300.0, doc.get("top1").asDouble(), 1e-6);
    assertEquals(top5 / 300.0, doc.get("top5").asDouble(), 1e-6);
    assertTrue(doc.get("imagesPerSecond").asDouble() > 0);
    assertEquals("mnist:test", doc.get("data").asText());
    assertFalse(doc.has("results"));
  }

  @Test
  void scoresListEveryImage() throws IOException {
    Network net = TestModels.mnistShaped(2, 32);
    Path model = TestModels.write(net, tmp);
    Cli r = Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "4", "--scores", "--json", "--quiet");
    assertEquals(0, r.code(), r.toString());
    assertEquals("", r.err());
    JsonNode results = parseOnlyDocument(r.out()).get("results");
    assertEquals(4, results.size());
    int[] labels = {7, 2, 1, 0};
    Dataset set = Datasets.load("mnist:test", null, 4);
    try (ReferenceEngine engine = new ReferenceEngine(net)) {
      for (int i = 0; i < 4; i++) {
        JsonNode e = results.get(i);
        Inference inf = engine.infer(set.images()[i]);
        assertEquals(i, e.get("index").asInt());
        assertEquals(labels[i], e.get("label").asInt());
        assertEquals(inf.predicted(), e.get("predicted").asInt());
        assertEquals(Integer.toString(inf.predicted()), e.get("class").asText());
        long[] scores = new long[10];
        for (int c = 0; c < 10; c++) scores[c] = e.get("scores").get(c).asLong();
        assertArrayEquals(inf.scores(), scores);
      }
    }
  }

  @Test
  void textOutputAndProgressGoToTheirStreams() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(3, 16), tmp);
    Cli r = Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "50");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("top-1"), r.toString());
    assertTrue(r.out().contains("(50 images") || r.out().contains("50 images"), r.toString());
    assertTrue(r.err().contains("model: "), r.toString());
  }

  @Test
  void aDataSetOfTheWrongImageSizeIsRefused() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(4, 16), tmp);
    Cli r = Cli.run("infer", "--model", model.toString(), "--data", "cifar10:test", "--limit", "5");
    assertEquals(3, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().contains("32x32x3") && r.err().contains("expects 28x28x1"), r.toString());
    assertEquals(1, r.err().lines().filter(l -> l.contains("error")).count(), r.toString());
  }

  @Test
  void badInputsHaveTheirExitCodes() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(5, 16), tmp);
    assertEquals(4, Cli.run("infer", "--model", tmp.resolve("none.json").toString(), "--data", "mnist:test").code());
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, "{\"format\": \"xnorkit-model/1\", \"name\": ");
    Cli bad = Cli.run("infer", "--model", broken.toString(), "--data", "mnist:test");
    assertEquals(3, bad.code(), bad.toString());
    assertTrue(bad.err().contains("broken.json"), bad.toString());
    assertEquals(4, Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--data-dir", tmp.toString()).code());
    Cli usage = Cli.run("infer", "--model", model.toString());
    assertEquals(2, usage.code(), usage.toString());
    assertTrue(usage.err().contains("--data"), usage.toString());
    assertEquals(2, Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "many").code());
    assertEquals(3, Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "0").code());
    assertEquals(0, Cli.run("infer", "--help").code());
  }
}
