package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Network;
import org.xnorkit.model.json.ModelJson;

/** {@code xnorkit train}: one JSON document, the files it promises, usage errors for bad options. */
class TrainCommandTest {
  @TempDir Path tmp;

  @Test
  void trainsATinyModelAndReportsTheExactnessCheck() throws Exception {
    Path out = tmp.resolve("tiny.json");
    Cli r = Cli.run("train", "--arch", "tiny", "--epochs", "1", "--limit-train", "1000", "--limit-test", "500", "--batch", "50",
        "--checkpoint-dir", tmp.resolve("ckpt").toString(), "--out", out.toString(), "--json", "--quiet");
    assertEquals(0, r.code(), r.toString());
    JsonNode doc = InferCommandTest.parseOnlyDocument(r.out());
    InferCommandTest.assertKeysSorted(doc);
    assertEquals(500, doc.get("images").asInt());
    assertTrue(doc.get("agreement").asDouble() >= 0.999, r.out());
    assertEquals(1, doc.get("epochLog").size());
    Network net = ModelJson.read(out);
    assertEquals(doc.get("hash").asText(), ModelJson.contentHash(net));
    assertTrue(Files.exists(tmp.resolve("tiny.plan.json")) && Files.exists(tmp.resolve("tiny.md")));
    assertTrue(Files.exists(tmp.resolve("training/tiny.png")) && Files.exists(tmp.resolve("training/tiny.log.json")));
  }

  @Test
  void badOptionsAreUsageErrorsAndWriteNothing() {
    Path out = tmp.resolve("bad.json");
    Cli k = Cli.run("train", "--arch", "sfc", "--k", "4", "--out", out.toString());
    assertEquals(2, k.code(), k.toString());
    assertTrue(k.err().contains("--k (4)"), k.err());
    Cli arch = Cli.run("train", "--arch", "resnet", "--out", out.toString());
    assertEquals(2, arch.code(), arch.toString());
    assertTrue(arch.err().contains("resnet"), arch.err());
    assertFalse(Files.exists(out));
  }
}
