package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path tmp;

  /** The CLI with the demo looking for models/ and scripts/ under {@code root}. */
  private static CommandLine withRoot(Path root) {
    CommandLine cl = Main.commandLine();
    DemoCommand demo = cl.getSubcommands().get("demo").getCommand();
    demo.root = root;
    return cl;
  }

  private static List<String> stageNames(JsonNode doc) {
    List<String> names = new ArrayList<>();
    for (JsonNode s : doc.get("stages")) names.add(s.get("stage").asText());
    return names;
  }

  @Test
  void runsTheStagesOnAGivenModelAndAgreesWithInfer() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(11, 48), tmp);
    Cli demo = Cli.run("demo", "--model", model.toString(), "--data", "mnist:test", "--limit", "400", "--json",
        "--verify-images", "20", "--bench-images", "20", "--rtl-out", tmp.resolve("rtl").toString(), "--report", tmp.resolve("report").toString());
    assertEquals(0, demo.code(), demo.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(demo.out());
    InferCommandTest.assertKeysSorted(doc);
    assertEquals(List.of("prerequisites", "load model", "load data", "cpu inference", "generate rtl", "verify rtl (verilator)", "benchmark", "report"),
        stageNames(doc));
    assertEquals(0, doc.get("bench").get("mismatches").asInt(), demo.toString());
    assertEquals(2, doc.get("bench").get("simulation").size(), "verilator and the Java simulator");
    assertEquals(0, doc.get("bench").get("cycleMismatches").asInt(), "the two simulations agree cycle for cycle");
    assertTrue(Files.readString(Path.of(doc.get("report").asText())).contains("speedup"), "the HTML report");
    for (JsonNode s : doc.get("stages")) assertTrue(s.get("seconds").asDouble() >= 0);
    assertEquals("automatic", doc.get("stages").get(1).get("plan").asText());
    Cli infer = Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "400", "--json");
    JsonNode inf = InferCommandTest.parseOnlyDocument(infer.out());
    assertEquals(inf.get("top1"), doc.get("top1"));
    assertEquals(inf.get("top5"), doc.get("top5"));
    assertEquals(400, doc.get("images").asInt());
  }

  @Test
  void fallsBackToTheImportedLfcWhileTheTrainedModelIsMissing() throws IOException {
    Files.createDirectories(tmp.resolve("models"));
    Path lfc = tmp.resolve("models/lfc-w1a1-mnist.json");
    org.xnorkit.model.json.ModelJson.write(TestModels.mnistShaped(12, 16), lfc);
    Cli r = Cli.run(withRoot(tmp), "demo", "--cpu-only", "--limit", "30", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    assertEquals(lfc.toString(), doc.get("model").asText());
    assertEquals("mnist:test", doc.get("data").asText());
    assertTrue(r.err().contains("sfc-w1a1-fashion-mnist.json is not there yet"), r.toString());
  }

  @Test
  void prefersTheTrainedFashionModel() throws IOException {
    Files.createDirectories(tmp.resolve("models"));
    Path sfc = tmp.resolve("models/sfc-w1a1-fashion-mnist.json");
    org.xnorkit.model.json.ModelJson.write(TestModels.mnistShaped(13, 16), sfc);
    org.xnorkit.model.json.ModelJson.write(TestModels.mnistShaped(14, 16), tmp.resolve("models/lfc-w1a1-mnist.json"));
    Cli r = Cli.run(withRoot(tmp), "demo", "--cpu-only", "--limit", "30", "--json", "--quiet");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    assertEquals(sfc.toString(), doc.get("model").asText());
    assertEquals("fashion-mnist:test", doc.get("data").asText());
  }

  @Test
  void withNoArgumentsItReproducesTheBundledModelsRecordedAccuracy() throws IOException {
    // The repository's own models/ and data found the default way: what `./xnorkit demo` runs.
    Cli r = Cli.run("demo", "--cpu-only", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    Path model = Path.of(doc.get("model").asText());
    org.xnorkit.model.Network net = org.xnorkit.model.json.ModelJson.read(model);
    String recorded = net.metadata().get("testTop1");
    if (recorded != null && net.metadata().get("testData").equals(doc.get("data").asText()))
      assertEquals(Double.parseDouble(recorded), doc.get("top1").asDouble(), 1e-9, "top-1 differs from the one recorded at export");
    assertTrue(doc.get("top1").asDouble() > 0.5, r.toString());
    assertEquals(10000, doc.get("images").asInt(), "the full test set");
  }

  @Test
  void withNoModelAnywhereItSaysWhatIsMissing() {
    Cli r = Cli.run(withRoot(tmp), "demo");
    assertEquals(4, r.code(), r.toString());
    assertTrue(r.err().contains("no bundled model"), r.toString());
  }

  @Test
  void aModelOfItsOwnNeedsItsDataSet() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(15, 16), tmp);
    Cli r = Cli.run("demo", "--model", model.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--data"), r.toString());
  }

  @Test
  void usesTheSiblingPlanWhenThereIsOne() throws IOException {
    Path model = TestModels.write(TestModels.mnistShaped(16, 16), tmp);
    Path plan = org.xnorkit.model.json.PlanJson.siblingOf(model);
    Files.writeString(plan, "{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"fc0\": {\"pe\": 4, \"simd\": 16}}}");
    Cli r = Cli.run("demo", "--model", model.toString(), "--data", "mnist:test", "--limit", "10", "--json", "--cpu-only");
    assertEquals(0, r.code(), r.toString());
    assertEquals(plan.toString(), InferCommandTest.parseOnlyDocument(r.out()).get("stages").get(1).get("plan").asText());
    Files.writeString(plan, "{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"nope\": {\"pe\": 4, \"simd\": 16}}}");
    Cli bad = Cli.run("demo", "--model", model.toString(), "--data", "mnist:test", "--limit", "10");
    assertEquals(3, bad.code(), bad.toString());
    assertTrue(bad.err().contains("nope"), bad.toString());
  }
}
