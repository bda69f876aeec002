package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Datasets;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.io.ProjectRoot;
import org.xnorkit.model.json.ModelJson;

/** {@code import bnn-pynq}, {@code export bnn-pynq}, the committed models, and infer's class-bit figures. */
class BnnPynqCommandsTest {
  @TempDir Path tmp;

  static Path shared(String net) {
    Path dir = ProjectRoot.shared().resolve("bnn-pynq").resolve(net);
    assertTrue(Files.isDirectory(dir), "the shared BNN-PYNQ network " + dir + " is missing (../shared beside the project root)");
    return dir;
  }

  /** The committed models are exactly what the importer makes today: same bytes, model and plan. */
  @Test
  void committedModelsAreWhatImportWrites() throws IOException {
    for (String[] m : new String[][] {{"lfcW1A1", "lfc-w1a1-mnist"}, {"cnvW1A1", "cnv-w1a1-cifar10"}}) {
      Path out = tmp.resolve(m[1] + ".json");
      Cli r = Cli.run("import", "bnn-pynq", "--net", shared(m[0]).toString(), "--out", out.toString(), "--json");
      assertEquals(0, r.code(), r.toString());
      JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
      InferCommandTest.assertKeysSorted(doc);
      assertEquals(m[1], doc.get("name").asText());
      assertEquals(10, doc.get("classes").asInt());
      assertTrue(doc.get("plan").asText().endsWith(m[1] + ".plan.json"));
      Path committed = ProjectRoot.require().resolve("models");
      assertEquals(Files.readString(committed.resolve(m[1] + ".json")), Files.readString(out), m[1] + ".json differs from a fresh import");
      assertEquals(Files.readString(committed.resolve(m[1] + ".plan.json")), Files.readString(tmp.resolve(m[1] + ".plan.json")), m[1] + ".plan.json");
      assertEquals(ModelJson.contentHash(ModelJson.read(out)), doc.get("hash").asText());
    }
  }

  @Test
  void exportOfTheCommittedModelsEqualsBnnPynqByteForByte() throws IOException {
    Path models = ProjectRoot.require().resolve("models");
    for (String[] m : new String[][] {{"lfcW1A1", "lfc-w1a1-mnist", "290"}, {"cnvW1A1", "cnv-w1a1-cifar10", "180"}}) {
      Path out = tmp.resolve(m[0]);
      Cli r = Cli.run("export", "bnn-pynq", "--model", models.resolve(m[1] + ".json").toString(), "--out", out.toString(),
          "--compare", shared(m[0]).toString(), "--json");
      assertEquals(0, r.code(), r.toString());
      JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
      assertEquals(Integer.parseInt(m[2]), doc.get("files").asInt());
      assertEquals(Integer.parseInt(m[2]), doc.get("identical").asInt());
      assertEquals(0, doc.get("different").size());
      assertEquals("[\"top.cpp\"]", doc.get("notWritten").toString());
      assertTrue(r.err().contains("beside the model"), "says which plan it used:\n" + r.err());
    }
  }

  @Test
  void compareFindsADifferentFile() throws IOException {
    Path copy = tmp.resolve("lfc-copy");
    Files.createDirectories(copy);
    try (var files = Files.list(shared("lfcW1A1"))) {
      for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }
    Path f = copy.resolve("2-7-thres.bin");
    f.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(f);
    b[0] ^= 1;
    Files.write(f, b);
    Path models = ProjectRoot.require().resolve("models");
    Cli r = Cli.run("export", "bnn-pynq", "--model", models.resolve("lfc-w1a1-mnist.json").toString(), "--out", tmp.resolve("x").toString(),
        "--compare", copy.toString());
    assertEquals(ExitCodes.MISMATCH, r.code(), r.toString());
    assertTrue(r.err().contains("2-7-thres.bin"), r.toString());
  }

  @Test
  void errorsNameFileAndLayer() throws IOException {
    Path copy = tmp.resolve("lfcW1A1");
    Files.createDirectories(copy);
    try (var files = Files.list(shared("lfcW1A1"))) {
      for (Path f : files.toList())
        if (!f.getFileName().toString().equals("1-9-weights.bin")) Files.copy(f, copy.resolve(f.getFileName().toString()));
    }
    Cli r = Cli.run("import", "bnn-pynq", "--net", copy.toString(), "--out", tmp.resolve("m.json").toString());
    assertEquals(ExitCodes.MISSING_FILE, r.code(), r.toString());
    assertTrue(r.err().contains("1-9-weights.bin") && r.err().contains("fc1 (L1)"), r.toString());
    assertFalse(Files.exists(tmp.resolve("m.json")), "nothing written");

    Path model = tmp.resolve("lone.json");
    Files.copy(ProjectRoot.require().resolve("models/lfc-w1a1-mnist.json"), model);
    r = Cli.run("export", "bnn-pynq", "--model", model.toString(), "--out", tmp.resolve("y").toString());
    assertEquals(ExitCodes.MISSING_FILE, r.code(), r.toString());
    assertTrue(r.err().contains("lone.plan.json"), r.toString());

    r = Cli.run("import", "--net", copy.toString());
    assertEquals(ExitCodes.USAGE, r.code(), r.toString());
  }

  /** LFC's class bits: infer reports top-1 under argmax and the exactly-one-bit fraction, computed here independently. */
  @Test
  void inferReportsClassBitFigures() throws IOException {
    Path model = ProjectRoot.require().resolve("models/lfc-w1a1-mnist.json");
    Cli r = Cli.run("infer", "--model", model.toString(), "--data", "mnist:test", "--limit", "1000", "--json");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    var set = Datasets.load("mnist:test", null, 1000);
    int one = 0, none = 0, argmaxCorrect = 0;
    try (ReferenceEngine engine = new ReferenceEngine(ModelJson.read(model))) {
      for (int i = 0; i < set.size(); i++) {
        Inference inf = engine.infer(set.images()[i]);
        int bits = 0;
        for (int b : inf.classBits()) bits += b;
        if (bits == 1) one++;
        if (bits == 0) none++;
        long[] s = inf.scores();
        int best = 0;
        for (int c = 1; c < s.length; c++) if (s[c] > s[best]) best = c;
        if (best == set.labels()[i]) argmaxCorrect++;
      }
    }
    assertEquals(one / 1000.0, doc.get("exactlyOneBitFraction").asDouble(), 1e-9);
    assertEquals(none / 1000.0, doc.get("noBitFraction").asDouble(), 1e-9);
    assertEquals(argmaxCorrect / 1000.0, doc.get("top1Argmax").asDouble(), 1e-9);

    Network cnv = ModelJson.read(ProjectRoot.require().resolve("models/cnv-w1a1-cifar10.json"));
    assertEquals(null, cnv.output().thresholds());
    r = Cli.run("infer", "--model", ProjectRoot.require().resolve("models/cnv-w1a1-cifar10.json").toString(), "--data", "cifar10:test", "--limit", "4", "--json");
    assertEquals(0, r.code(), r.toString());
    assertFalse(InferCommandTest.parseOnlyDocument(r.out()).has("top1Argmax"), "no class bits, no argmax comparison");
  }
}
