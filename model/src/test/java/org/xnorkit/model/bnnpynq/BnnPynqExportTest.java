package org.xnorkit.model.bnnpynq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xnorkit.model.Folding;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Plan;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.json.PlanJson;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.Layer;

/** export(import(files)) reproduces BNN-PYNQ's files byte for byte, checked against MANIFEST.sha256. */
class BnnPynqExportTest {

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Compares exported files with the manifest; returns the names that differ. */
  static List<String> differences(BnnPynqExporter.Result r, String net) throws IOException {
    Map<String, String> manifest = SharedBnnPynq.manifest(net);
    List<String> diff = new ArrayList<>();
    for (var e : r.files().entrySet())
      if (!sha256(e.getValue()).equals(manifest.get(e.getKey()))) diff.add(e.getKey());
    return diff;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lfcW1A1", "cnvW1A1"})
  void roundTripIsByteExact(String name) throws IOException {
    BnnPynqImporter.Result imported = BnnPynqImporter.importNet(SharedBnnPynq.net(name), null);
    // Through JSON too: what is committed under models/ is what gets exported.
    Network net = ModelJson.parse(ModelJson.toJson(imported.network()), "model");
    Plan plan = PlanJson.parse(PlanJson.toJson(imported.plan()), "plan");
    BnnPynqExporter.Result r = BnnPynqExporter.export(net, plan);

    Map<String, String> manifest = SharedBnnPynq.manifest(name);
    TreeSet<String> expectedBins = new TreeSet<>();
    for (String f : manifest.keySet()) if (f.endsWith(".bin")) expectedBins.add(f);
    TreeSet<String> writtenBins = new TreeSet<>();
    for (String f : r.files().keySet()) if (f.endsWith(".bin")) writtenBins.add(f);
    assertEquals(expectedBins, writtenBins, "the same weight and threshold files");
    assertEquals(List.of(), differences(r, name), "files whose SHA-256 differs from MANIFEST.sha256");
    assertTrue(r.files().containsKey("config.h") && r.files().containsKey("classes.txt"));
  }

  @Test
  void writesDirectoryAtomically(@TempDir Path tmp) throws IOException {
    BnnPynqImporter.Result imported = BnnPynqImporter.importNet(SharedBnnPynq.net("lfcW1A1"), null);
    Path out = tmp.resolve("lfc-out");
    BnnPynqExporter.write(BnnPynqExporter.export(imported.network(), imported.plan()), out);
    Map<String, String> manifest = SharedBnnPynq.manifest("lfcW1A1");
    int checked = 0;
    try (var files = Files.list(out)) {
      for (Path f : files.toList()) {
        assertEquals(manifest.get(f.getFileName().toString()), sha256(Files.readAllBytes(f)), f.getFileName().toString());
        checked++;
      }
    }
    assertEquals(manifest.size() - 1, checked, "every file but top.cpp");
  }

  /** A channel stored with direction −1 (negated row, mirrored threshold) is the same neuron: the export writes the same bytes. */
  @Test
  void directionMinusOneExportsTheSameBytes() throws IOException {
    BnnPynqImporter.Result imported = BnnPynqImporter.importNet(SharedBnnPynq.net("lfcW1A1"), null);
    Network net = imported.network();
    DenseLayer fc1 = (DenseLayer) net.layers().get(1);
    int n = fc1.inputs();
    Quantizer q = fc1.quantizer();
    int[] t = q.thresholds(), d = q.directions();
    for (int c = 0; c < 1024; c += 3) { t[c] = n - t[c]; d[c] = -1; } // acc ≥ t  ⇔  (n − acc) ≤ n − t
    PackedBits w = PackedBits.of(1024, n, (r, col) -> fc1.weights().bit(r, col) ^ (r % 3 == 0));
    List<Layer> layers = new ArrayList<>(net.layers());
    layers.set(1, new DenseLayer("fc1", n, 1024, w, new Quantizer(1024, 1, t, d)));
    Network flipped = new Network(net.name(), net.input(), layers, net.metadata());
    BnnPynqExporter.Result r = BnnPynqExporter.export(flipped, imported.plan());
    assertEquals(List.of(), differences(r, "lfcW1A1"));
    assertTrue(String.join("\n", r.notes()).contains("342 channels with direction -1"), r.notes().toString());
  }

  /** Without the kept raw values CNV's first layer is written with even raw thresholds: exactly the 31 odd ones differ, in 0-*-thres.bin only. */
  @Test
  void cnvWithoutRawThresholdsDiffersOnlyInTheDroppedBit() throws IOException {
    Path dir = SharedBnnPynq.net("cnvW1A1");
    BnnPynqImporter.Result imported = BnnPynqImporter.importNet(dir, null);
    Map<String, String> md = new HashMap<>(imported.network().metadata());
    md.remove(BnnPynqConventions.META_RAW_THRESHOLDS + "conv0");
    BnnPynqExporter.Result r = BnnPynqExporter.export(imported.network().withMetadata(md), imported.plan());
    int differingValues = 0;
    Map<String, Integer> perFile = new TreeMap<>();
    for (var e : r.files().entrySet()) {
      if (!e.getKey().endsWith(".bin")) continue;
      long[] mine = FoldedMemory.readWords(e.getValue()), theirs = FoldedMemory.readWords(Files.readAllBytes(dir.resolve(e.getKey())));
      for (int i = 0; i < mine.length; i++)
        if (mine[i] != theirs[i]) {
          assertTrue(e.getKey().matches("0-\\d+-thres\\.bin"), e.getKey());
          assertEquals(theirs[i] - 1, mine[i], "an odd s is written as the even s - 1 with the same comparison");
          differingValues++;
          perFile.merge(e.getKey(), 1, Integer::sum);
        }
    }
    assertEquals(31, differingValues);
  }

  @Test
  void staleRawThresholdsAreNotUsed() throws IOException {
    BnnPynqImporter.Result imported = BnnPynqImporter.importNet(SharedBnnPynq.net("cnvW1A1"), null);
    Network net = imported.network();
    ConvLayer c0 = (ConvLayer) net.layers().get(0);
    int[] t = c0.quantizer().thresholds();
    t[5] += 3;
    List<Layer> layers = new ArrayList<>(net.layers());
    layers.set(0, new ConvLayer("conv0", 3, 1, 0, 0, 3, 64, c0.weights(), Quantizer.ascending(64, 1, t)));
    BnnPynqExporter.Result r = BnnPynqExporter.export(new Network(net.name(), net.input(), layers, net.metadata()), imported.plan());
    assertTrue(String.join("\n", r.notes()).contains("conv0: 1 raw thresholds in metadata no longer match"), r.notes().toString());
    long s = FoldedMemory.readWords(r.files().get("0-5-thres.bin"))[0];
    assertEquals(2L * (t[5] - 1), s, "the canonical raw value of the new threshold");
  }

  @Test
  void badPlansAndModelsNameTheLayer() throws IOException {
    BnnPynqImporter.Result imported = BnnPynqImporter.importNet(SharedBnnPynq.net("cnvW1A1"), null);
    Network net = imported.network();
    Map<String, Folding> f = new TreeMap<>(imported.plan().foldings());
    f.remove("fc1");
    ModelException e = assertThrows(ModelException.class, () -> BnnPynqExporter.export(net, new Plan(f)));
    assertEquals("fc1", e.layer());

    f.put("fc1", new Folding(1, 8));
    f.put("conv2", new Folding(16, 3)); // 3 does not divide 64 input channels
    e = assertThrows(ModelException.class, () -> BnnPynqExporter.export(net, new Plan(f)));
    assertEquals("conv2", e.layer());
    assertTrue(e.getMessage().contains("SIMD = 3"), e.getMessage());

    f.put("conv2", new Folding(16, 32));
    f.put("fc0", new Folding(1, 3)); // 256 inputs after conv5 are not padded by anyone
    e = assertThrows(ModelException.class, () -> BnnPynqExporter.export(net, new Plan(f)));
    assertEquals("fc0", e.layer());

    f.put("fc0", new Folding(1, 4));
    f.put("fc1", new Folding(1, 65));
    e = assertThrows(ModelException.class, () -> BnnPynqExporter.export(net, new Plan(f)));
    assertTrue(e.getMessage().contains("64-bit"), e.getMessage());
  }
}
