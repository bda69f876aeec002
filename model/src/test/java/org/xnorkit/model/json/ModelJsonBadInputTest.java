package org.xnorkit.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;

/**
 * One test per kind of bad model or plan file. Each asserts the exact JSON pointer and layer the
 * error names, and that the message a user sees carries the source, the pointer and the layer.
 */
class ModelJsonBadInputTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SRC = "bad.json";

  /** lfc: fc0 (16 -> 63, K=2), fc1 (63 -> 33, K=2), out (33 -> 10, binary, thresholds, highestSetBit). */
  private static final Network LFC = SampleNetworks.lfcLike(2, 99);
  /** all kinds, K=1: conv0, pool0, conv1, flat, fc0, out. */
  private static final Network ALL = SampleNetworks.allKindsBits(1, 98);

  private static String edit(Network net, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) MAPPER.readTree(ModelJson.toJson(net));
      root.remove("hash");
      change.accept(root);
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode layer(ObjectNode root, int i) { return (ObjectNode) root.get("layers").get(i); }

  private static String plain(Network net) { return edit(net, r -> {}); }

  /** Parses {@code json}, expects a ModelException at {@code pointer} in {@code layer}, returns its message. */
  private static String rejected(String json, String pointer, String layer, String... fragments) {
    ModelException e = assertThrows(ModelException.class, () -> ModelJson.parse(json, SRC));
    return located(e, SRC, pointer, layer, fragments);
  }

  private static String located(ModelException e, String source, String pointer, String layer, String... fragments) {
    String msg = e.getMessage();
    System.out.println("bad input -> " + msg);
    assertEquals(source, e.source(), msg);
    assertEquals(pointer, e.path(), msg);
    assertEquals(layer, e.layer(), msg);
    String prefix = source + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + (layer == null ? "" : "layer '" + layer + "': ");
    assertTrue(msg.startsWith(prefix), "message starts with '" + prefix + "': " + msg);
    for (String f : fragments) assertTrue(msg.contains(f), "message contains '" + f + "': " + msg);
    return msg;
  }

  // ---------------------------------------------------------------- JSON syntax

  @Test
  void malformedJson() {
    String json = plain(LFC).replaceFirst("(\"outputs\" : 33),", "$1,,");
    rejected(json, "/layers/1/outputs", "fc1", "malformed JSON", "line ", "column ");
  }

  @Test
  void truncatedInsideAWeightString() {
    String json = plain(LFC);
    int cut = json.indexOf("\"weights\"", json.indexOf("\"fc1\"")) + 20;
    rejected(json.substring(0, cut), "/layers/1/weights", "fc1", "malformed JSON", "end-of-input");
  }

  @Test
  void trailingGarbage() {
    rejected(plain(LFC) + "\n{}", "", null, "after the end of the JSON document", "line ");
  }

  @Test
  void duplicateKey() {
    String json = plain(LFC).replaceFirst("\"k\" : 2,", "\"k\" : 2, \"k\" : 3,");
    rejected(json, "/layers/0/quantizer/k", "fc0", "duplicate key 'k'");
  }

  @Test
  void hugeAndFractionalNumbers() {
    rejected(plain(LFC).replaceFirst("\"outputs\" : 63", "\"outputs\" : 99999999999"), "/layers/0/outputs", "fc0", "32-bit range");
    rejected(plain(LFC).replaceFirst("\"outputs\" : 63", "\"outputs\" : 63.0"), "/layers/0/outputs", "fc0", "integer");
  }

  @Test
  void emptyOrNonObjectDocument() {
    rejected("", "", null, "empty");
    rejected("[1, 2]", "", null, "model must be a JSON object");
  }

  // ---------------------------------------------------------------- structure

  @Test
  void unknownFormatVersion() {
    rejected(edit(LFC, r -> r.put("format", "xnorkit-model/2")), "/format", null, "unsupported format", "xnorkit-model/1");
  }

  @Test
  void unknownLayerKind() {
    rejected(edit(LFC, r -> layer(r, 1).put("kind", "fully_connected")), "/layers/1/kind", "fc1", "unknown layer kind \"fully_connected\"");
  }

  @Test
  void unknownFieldIsATypoNotIgnored() {
    String json = edit(LFC, r -> {
      ObjectNode fc1 = layer(r, 1);
      fc1.set("weigths", fc1.remove("weights"));
    });
    rejected(json, "/layers/1/weigths", "fc1", "unknown field 'weigths'", "did you mean 'weights'?");
    rejected(edit(LFC, r -> r.put("comment", "x")), "/comment", null, "unknown field 'comment'");
  }

  @Test
  void wrongJsonType() {
    rejected(edit(LFC, r -> layer(r, 0).put("outputs", "63")), "/layers/0/outputs", "fc0", "expected an integer, found the string \"63\"");
    rejected(edit(LFC, r -> ((ArrayNode) layer(r, 2).get("scale")).set(4, MAPPER.getNodeFactory().booleanNode(true))),
        "/layers/2/scale/4", "out", "expected an integer, found true");
    rejected(edit(LFC, r -> r.put("layers", 3)), "/layers", null, "expected an array");
  }

  @Test
  void missingField() {
    rejected(edit(LFC, r -> layer(r, 1).remove("quantizer")), "/layers/1/quantizer", "fc1", "required field 'quantizer' is missing");
    rejected(edit(LFC, r -> layer(r, 1).remove("name")), "/layers/1/name", null, "required field 'name' is missing");
  }

  // ---------------------------------------------------------------- shapes

  @Test
  void wrongShape() {
    // 17 inputs still fit one word per row, so the weights decode; the incoming tensor has 16 elements.
    rejected(edit(LFC, r -> layer(r, 0).put("inputs", 17)), "/layers/0/inputs", "fc0", "inputs is 17", "has 16 elements");
    rejected(edit(LFC, r -> ((ArrayNode) r.get("input").get("table")).remove(0)), "/input/table", null, "must have 256 entries");
  }

  @Test
  void shapeChainBreaksWhenALayerIsRemoved() {
    // Without pool0, conv1 sees 6x6 instead of 3x3 and fc0's declared inputs no longer match.
    String json = edit(ALL, r -> ((ArrayNode) r.get("layers")).remove(1));
    rejected(json, "/layers/3/inputs", "fc0", "inputs is 64", "1x1x196 bits has 196 elements");
  }

  @Test
  void outputLayerNotLast() {
    String json = edit(LFC, r -> {
      ArrayNode layers = (ArrayNode) r.get("layers");
      layers.insert(1, layers.remove(2));
    });
    rejected(json, "/layers/1/kind", "out", "an output layer must be the last layer");
  }

  // ---------------------------------------------------------------- quantizers

  @Test
  void unsortedThresholds() {
    String json = edit(LFC, r -> {
      ArrayNode t = (ArrayNode) layer(r, 0).get("quantizer").get("thresholds");
      t.set(34, 9);
      t.set(35, 8); // channel 17: 9 then 8
    });
    rejected(json, "/layers/0/quantizer/thresholds/35", "fc0", "ascending", "9 then 8");
  }

  @Test
  void thresholdOutOfRange() {
    Network k1 = SampleNetworks.lfcLike(1, 99);
    String json = edit(k1, r -> ((ArrayNode) layer(r, 0).get("quantizer").get("thresholds")).set(17, 18));
    rejected(json, "/layers/0/quantizer/thresholds/17", "fc0", "= 18 is outside [");
  }

  @Test
  void badPadValue() {
    rejected(edit(ALL, r -> layer(r, 0).put("padValue", 0)), "/layers/0/padValue", "conv0", "padValue 0", "expected -1 or +1");
    // conv1 reads K=1 levels too; 3 is no level value.
    rejected(edit(ALL, r -> layer(r, 2).put("padValue", 3)), "/layers/2/padValue", "conv1", "padValue 3");
  }

  @Test
  void kInconsistentWithThresholdCount() {
    rejected(edit(LFC, r -> ((ObjectNode) layer(r, 0).get("quantizer")).put("k", 3)), "/layers/0/quantizer/thresholds", "fc0",
        "has 126 entries, expected channels*k = 63*3 = 189");
    String json = edit(LFC, r -> {
      ObjectNode th = (ObjectNode) layer(r, 2).get("thresholds");
      th.put("k", 2);
      ArrayNode t = (ArrayNode) th.get("thresholds");
      ArrayNode doubled = th.putArray("thresholds");
      for (int i = 0; i < t.size(); i++) doubled.add(t.get(i).intValue()).add(t.get(i).intValue());
    });
    rejected(json, "/layers/2/thresholds/k", "out", "output thresholds must have k = 1");
  }

  // ---------------------------------------------------------------- weights

  private static long[] words(String b64) {
    byte[] b = Base64.getDecoder().decode(b64);
    long[] w = new long[b.length / 8];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(w);
    return w;
  }

  private static String base64(long[] w) {
    ByteBuffer bb = ByteBuffer.allocate(w.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : w) bb.putLong(x);
    return Base64.getEncoder().encodeToString(bb.array());
  }

  @Test
  void weightsWordCountWrong() {
    String json = edit(LFC, r -> {
      long[] w = words(layer(r, 0).get("weights").textValue());
      layer(r, 0).put("weights", base64(Arrays.copyOf(w, w.length - 1)));
    });
    rejected(json, "/layers/0/weights", "fc0", "weights has 62 words, expected rows*ceil(cols/64) = 63*1 = 63");
  }

  @Test
  void weightBitsAboveTheRowWidth() {
    String json = edit(LFC, r -> {
      long[] w = words(layer(r, 0).get("weights").textValue());
      w[5] |= 1L << 20; // fc0 has 16 inputs: bit 20 of row 5 is a ghost bit
      layer(r, 0).put("weights", base64(w));
    });
    rejected(json, "/layers/0/weights", "fc0", "row 5 has bits set past column 16");
  }

  @Test
  void badBase64() {
    rejected(edit(LFC, r -> layer(r, 1).put("weights", "@@not base64@@")), "/layers/1/weights", "fc1", "is not valid base64");
    rejected(edit(LFC, r -> layer(r, 1).put("weights", "AAAA")), "/layers/1/weights", "fc1", "not a whole number of 64-bit words");
  }

  @Test
  void integerOutputWeightOutOfRange() {
    Network net = SampleNetworks.int8DenseThresholds(1, 5);
    int bits = ((org.xnorkit.model.layer.OutputWeights.Integer) net.output().weights()).bits();
    String json = edit(net, r -> ((ArrayNode) layer(r, 2).get("intWeights")).set(7, 1 << (bits - 1)));
    rejected(json, "/layers/2/intWeights/7", "out", "does not fit in " + bits + " signed bits");
  }

  @Test
  void bothBinaryAndIntegerOutputWeights() {
    String json = edit(SampleNetworks.int8DenseThresholds(1, 5), r -> layer(r, 2).put("weights", "AAAAAAAAAAA="));
    rejected(json, "/layers/2/weights", "out", "not both");
  }

  // ---------------------------------------------------------------- sizes that wrap around 32 bits (found by the fuzzer)

  @Test
  void quantizerSizeProductWrappingTo0() {
    String json = edit(LFC, r -> {
      ObjectNode q = (ObjectNode) layer(r, 0).get("quantizer");
      q.put("channels", 4).put("k", 1 << 30);
      q.putArray("thresholds");
      q.putArray("directions").add(1).add(1).add(1).add(1);
    });
    rejected(json, "/layers/0/quantizer/thresholds", "fc0", "expected channels*k = 4*1073741824 = 4294967296");
  }

  @Test
  void integerWeightCountWrappingTo0() {
    String json = "{\"format\": \"xnorkit-model/1\", \"name\": \"wrap\", \"input\": {\"height\": 256, \"width\": 256, \"channels\": 1,"
        + " \"encoding\": \"bits\", \"table\": " + Arrays.toString(new int[256]) + "}, \"layers\": [{\"kind\": \"output\", \"name\": \"out\","
        + " \"inputs\": 65536, \"classes\": 65536, \"weightBits\": 2, \"intWeights\": []}]}";
    rejected(json, "/layers/0/intWeights", "out", "expected classes*inputs = 65536*65536 = 4294967296");
  }

  @Test
  void inputSizeWrapping() {
    rejected(edit(LFC, r -> ((ObjectNode) r.get("input")).put("height", 16).put("width", 268435457)), "/input", null, "4294967312 elements");
  }

  @Test
  void scoreRangeBeyond64Bits() {
    String json = "{\"format\": \"xnorkit-model/1\", \"name\": \"big\", \"input\": {\"height\": 1, \"width\": 1, \"channels\": 2,"
        + " \"encoding\": \"int8\", \"table\": " + Arrays.toString(new int[256]) + "}, \"layers\": [{\"kind\": \"output\", \"name\": \"out\","
        + " \"inputs\": 2, \"classes\": 1, \"weightBits\": 32, \"intWeights\": [-2147483648, -2147483648], \"scale\": [2147483647]}]}";
    rejected(json, "/layers/0/scale/0", "out", "exceeds 64 bits");
  }

  // ---------------------------------------------------------------- files and plans

  @Test
  void missingFile(@TempDir Path dir) {
    Path nope = dir.resolve("nope.json");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelJson.read(nope));
    assertTrue(e.getMessage().contains(nope.toString()), e.getMessage());
    assertThrows(NoSuchFileException.class, () -> PlanJson.read(dir.resolve("nope.plan.json")));
  }

  @Test
  void errorsFromAFileNameTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.json");
    Files.writeString(f, edit(LFC, r -> layer(r, 1).put("kind", "fc")));
    ModelException e = assertThrows(ModelException.class, () -> ModelJson.read(f));
    located(e, f.toString(), "/layers/1/kind", "fc1", "unknown layer kind");
  }

  @Test
  void planFoldingAnUnknownLayer(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("lfc.plan.json");
    Files.writeString(f, "{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"fc0\": {\"pe\": 1, \"simd\": 1}, \"fc9\": {\"pe\": 2, \"simd\": 2}}}");
    ModelException e = assertThrows(ModelException.class, () -> PlanJson.read(f, LFC));
    located(e, f.toString(), "/foldings/fc9", "fc9", "the model does not have");
  }

  @Test
  void planFoldingANonComputeLayer() {
    ModelException e = assertThrows(ModelException.class,
        () -> PlanJson.parse("{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"pool0\": {\"pe\": 1, \"simd\": 1}}}", SRC).validateAgainst(ALL));
    assertEquals("/foldings/pool0", e.path());
    assertEquals("pool0", e.layer());
  }

  @Test
  void planPeZero() {
    ModelException e = assertThrows(ModelException.class,
        () -> PlanJson.parse("{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"fc0\": {\"pe\": 0, \"simd\": 4}}}", SRC));
    located(e, SRC, "/foldings/fc0/pe", "fc0", "pe (0) must be >= 1");
  }

  @Test
  void planOtherErrors() {
    String base = "{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"fc0\": {\"pe\": 1, \"simd\": 4}}";
    located(assertThrows(ModelException.class, () -> PlanJson.parse(base + ", \"fifoDepths\": {\"fc1\": 0}}", SRC)),
        SRC, "/fifoDepths/fc1", null, "FIFO depth 0");
    located(assertThrows(ModelException.class, () -> PlanJson.parse(base.replace("\"simd\"", "\"smid\"") + "}", SRC)),
        SRC, "/foldings/fc0/smid", "fc0", "did you mean 'simd'?");
    located(assertThrows(ModelException.class, () -> PlanJson.parse(base.replace("plan/1", "plan/9") + "}", SRC)),
        SRC, "/format", null, "unsupported format");
    located(assertThrows(ModelException.class, () -> PlanJson.parse(base.replace("\"pe\": 1", "\"pe\": 1,") + "}", SRC)),
        SRC, "/foldings/fc0/pe", "fc0", "malformed JSON");
    located(assertThrows(ModelException.class, () -> PlanJson.parse(base + ", \"inputBusBits\": 12}", SRC)),
        SRC, "/inputBusBits", null, "multiple of 8");
  }
}
