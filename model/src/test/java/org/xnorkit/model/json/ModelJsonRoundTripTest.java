package org.xnorkit.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.testing.RandomNetworks;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

class ModelJsonRoundTripTest {
  static Stream<Network> samples() { return SampleNetworks.all().stream(); }

  @ParameterizedTest
  @MethodSource("samples")
  void writeThenReadGivesTheSameNetworkAndBytes(Network net, @TempDir Path dir) throws Exception {
    String json = ModelJson.toJson(net);
    Network back = ModelJson.parse(json, "sample.json");
    assertEquals(net, back);
    assertEquals(ModelJson.canonical(net), ModelJson.canonical(back));
    assertEquals(json, ModelJson.toJson(back));
    assertEquals(ModelJson.contentHash(net), ModelJson.contentHash(back));

    Path file = dir.resolve("sub").resolve(net.name() + ".json");
    ModelJson.write(net, file);
    assertEquals(json, Files.readString(file));
    assertEquals(net, ModelJson.read(file));
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertEquals(List.of(file), s.toList(), "no temporary file is left beside the output");
    }
  }

  @Test
  void randomNetworksRoundTrip() {
    RandomNetworks random = new RandomNetworks(777);
    int n = 300, layers = 0;
    for (int i = 0; i < n; i++) {
      Network net = random.network();
      String json = ModelJson.toJson(net);
      Network back = ModelJson.parse(json, "random-" + i + ".json");
      assertEquals(net, back, "random network " + i + " of seed 777");
      assertEquals(ModelJson.canonical(net), ModelJson.canonical(back));
      assertEquals(json, ModelJson.toJson(back));
      layers += net.layers().size();
    }
    System.out.println("ModelJson round trip: " + n + " random networks (" + layers + " layers) from RandomNetworks seed 777 written, read back equal");
  }

  @Test
  void samplesCoverEveryKindEncodingAndOutputVariant() {
    List<String> seen = new ArrayList<>();
    for (Network n : SampleNetworks.all()) {
      seen.add("enc:" + n.input().encoding());
      for (Layer l : n.layers()) seen.add(l.kind());
      OutputLayer o = n.output();
      seen.add(o.weights() instanceof OutputWeights.Integer ? "intWeights" : "binWeights");
      seen.add("readout:" + o.readout());
      if (o.thresholds() != null) seen.add("thresholds");
      n.layers().stream().filter(l -> l instanceof DenseLayer).forEach(l -> seen.add("K" + ((DenseLayer) l).quantizer().k()));
    }
    for (String want : List.of("enc:BITS", "enc:INT8", "dense", "conv2d", "maxpool", "flatten", "output", "intWeights",
        "binWeights", "readout:ARGMAX", "readout:HIGHEST_SET_BIT", "thresholds", "K1", "K2", "K3"))
      assertTrue(seen.contains(want), want);
  }

  @Test
  void canonicalJsonHasSortedKeysAndNoWhitespaceOrHash() {
    Network net = SampleNetworks.lfcLike(2, 7);
    String c = ModelJson.canonical(net);
    assertTrue(c.startsWith("{\"format\":\"xnorkit-model/1\",\"input\":{\"channels\":1,\"encoding\":\"bits\",\"height\":4,"), c.substring(0, 80));
    assertFalse(c.contains("\"hash\""));
    assertFalse(c.contains("\n"));
    assertFalse(c.contains(": "));
    assertTrue(c.matches("(?s).*\"layers\":\\[.*\\],\"metadata\":\\{.*\\},\"name\":\"lfcLike2\"}"), "top-level keys sorted");
  }

  @Test
  void prettyJsonKeepsTablesOnOneLineAndCarriesTheHash() {
    Network net = SampleNetworks.allKindsBits(1, 3);
    String json = ModelJson.toJson(net);
    assertTrue(json.startsWith("{\n  \"format\": \"xnorkit-model/1\",\n  \"hash\": \"" + ModelJson.contentHash(net) + "\",\n  \"name\": "), json.substring(0, 120));
    assertTrue(json.contains("\"table\": [0, 0, "), "table on one line");
    assertTrue(json.endsWith("}\n"));
  }

  @Test
  void contentHashChangesWhenOneWeightBitChanges() {
    Network net = SampleNetworks.lfcLike(1, 5);
    String hash = ModelJson.contentHash(net);
    assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    assertEquals(hash, ModelJson.contentHash(SampleNetworks.lfcLike(1, 5)), "same network, same hash");

    DenseLayer fc0 = (DenseLayer) net.layers().get(0);
    long[] w = fc0.weights().words();
    w[3] ^= 1L << 5; // row 3, column 5 (16 inputs: one word per row)
    DenseLayer flipped = new DenseLayer(fc0.name(), fc0.inputs(), fc0.outputs(), new PackedBits(fc0.outputs(), fc0.inputs(), w), fc0.quantizer());
    List<Layer> layers = new ArrayList<>(net.layers());
    layers.set(0, flipped);
    Network other = new Network(net.name(), net.input(), layers, net.metadata());
    assertNotEquals(hash, ModelJson.contentHash(other));
    assertNotEquals(hash, ModelJson.contentHash(net.withMetadata(java.util.Map.of("source", "elsewhere"))), "metadata is part of the hash");
  }

  @Test
  void editedModelWithStaleHashIsRefusedAndAcceptedWithoutIt() {
    Network net = SampleNetworks.lfcLike(1, 5);
    String json = ModelJson.toJson(net);
    String edited = json.replace("\"readout\": \"highestSetBit\"", "\"readout\": \"argmax\"");
    assertNotEquals(json, edited);
    ModelException e = assertThrows(ModelException.class, () -> ModelJson.parse(edited, "edited.json"));
    assertTrue(e.getMessage().startsWith("edited.json: /hash: the content hash "), e.getMessage());
    Network accepted = ModelJson.parse(edited.replaceFirst("\"hash\": \"[0-9a-f]+\",", ""), "edited.json");
    assertEquals(Readout.ARGMAX, accepted.output().readout());
  }
}
