package org.xnorkit.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.PackedBits;
import org.xnorkit.model.Quantizer;
import org.xnorkit.model.io.AtomicFiles;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.OutputWeights;
import org.xnorkit.model.layer.Readout;

/**
 * Reads and writes model files ({@code "format": "xnorkit-model/1"}, docs/semantics.md "Model JSON").
 *
 * <p>Reading is strict: an unknown format, layer kind or field, a wrong JSON type, a missing field,
 * a duplicate key, a non-integer or out-of-range number, trailing content, or a model the records
 * and {@link org.xnorkit.model.NetworkValidator} reject, each throws a {@link ModelException} naming
 * the source, the JSON pointer ({@code /layers/3/quantizer/thresholds/17}) and the layer. A
 * {@code "hash"} field, which {@link #toJson} writes, must match the content: a model edited after
 * it was written is refused until the field is removed.
 *
 * <p>Writing is deterministic: fixed key order, two-space indent, arrays of numbers on one line.
 * {@link #canonical} is the same tree with keys sorted and no whitespace, without the hash; the
 * content hash is the hex SHA-256 of its UTF-8 bytes.
 */
public final class ModelJson {
  private ModelJson() {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> TOP_KEYS = Fields.keys("format", "hash", "name", "metadata", "input", "layers");
  private static final List<String> INPUT_KEYS = Fields.keys("height", "width", "channels", "encoding", "table");
  private static final List<String> QUANTIZER_KEYS = Fields.keys("channels", "k", "thresholds", "directions");
  private static final List<String> DENSE_KEYS = Fields.keys("kind", "name", "inputs", "outputs", "weights", "quantizer");
  private static final List<String> CONV_KEYS = Fields.keys("kind", "name", "kernel", "stride", "padding", "padValue",
      "inChannels", "outChannels", "weights", "quantizer");
  private static final List<String> MAXPOOL_KEYS = Fields.keys("kind", "name", "kernel", "stride");
  private static final List<String> FLATTEN_KEYS = Fields.keys("kind", "name");
  private static final List<String> OUTPUT_KEYS = Fields.keys("kind", "name", "inputs", "classes", "weights",
      "weightBits", "intWeights", "scale", "offset", "thresholds", "readout");
  private static final String KINDS = "dense, conv2d, maxpool, flatten or output";
  private static final Pattern LAYER_POINTER = Pattern.compile("^/layers/(\\d{1,9})(/.*)?$");

  // ---------------------------------------------------------------- reading

  /** Reads a model file. A missing file is a {@link java.nio.file.NoSuchFileException} naming it. */
  public static Network read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return load(tree -> tree.read(bytes), file.toString());
  }

  /** Parses model JSON; {@code sourceName} names it in error messages. */
  public static Network parse(String json, String sourceName) {
    return load(tree -> tree.read(json), sourceName);
  }

  private static Network load(Function<JsonTree, JsonNode> parser, String source) {
    JsonTree tree = new JsonTree();
    try {
      JsonNode root;
      try {
        root = parser.apply(tree);
      } catch (ModelException e) {
        throw Fields.relocate(e, "", layerNameAt(tree.partialRoot(), e.path()));
      }
      return network(root);
    } catch (ModelException e) {
      throw e.inSource(source);
    }
  }

  /** The name of the layer a pointer lies in, from a possibly partial document; null if unknown. */
  private static String layerNameAt(JsonNode root, String pointer) {
    Matcher m = LAYER_POINTER.matcher(pointer);
    if (root == null || !m.matches()) return null;
    JsonNode layer = root.path("layers").path(Integer.parseInt(m.group(1)));
    JsonNode name = layer.path("name");
    return name.isTextual() ? name.textValue() : null;
  }

  private static Network network(JsonNode root) {
    if (root.isObject()) checkFormat(root.get("format"), Network.FORMAT);
    Fields top = new Fields(root, "", null, "model", TOP_KEYS);
    String name = top.string("name");
    Map<String, String> metadata = metadata(top);
    InputSpec input = input(top.object("input", "input", INPUT_KEYS));
    JsonNode layerNodes = top.array("layers");
    List<Layer> layers = new ArrayList<>(layerNodes.size());
    for (int i = 0; i < layerNodes.size(); i++) layers.add(layer(layerNodes.get(i), "/layers/" + i));
    Network net = Fields.construct("", null, () -> new Network(name, input, layers, metadata));
    String hash = top.string("hash", null);
    if (hash != null && !hash.equals(contentHash(net)))
      throw new ModelException("/hash", null, "the content hash " + JsonTree.clip(hash) + " does not match the content ("
          + contentHash(net) + "): the file was changed after it was written; remove the \"hash\" field to accept the change");
    return net;
  }

  static void checkFormat(JsonNode format, String expected) {
    if (format == null || format.isNull())
      throw new ModelException("/format", null, "required field 'format' is missing (expected \"" + expected + "\")");
    if (!format.isTextual() || !format.textValue().equals(expected))
      throw new ModelException("/format", null, "unsupported format " + (format.isTextual() ? "\"" + JsonTree.clip(format.textValue()) + "\"" : Fields.describe(format))
          + "; this version reads \"" + expected + "\"");
  }

  private static Map<String, String> metadata(Fields top) {
    JsonNode md = top.optional("metadata");
    Map<String, String> out = new LinkedHashMap<>();
    if (md == null) return out;
    if (!md.isObject()) throw new ModelException("/metadata", null, "expected an object of strings, found " + Fields.describe(md));
    for (Map.Entry<String, JsonNode> e : md.properties()) {
      if (!e.getValue().isTextual())
        throw new ModelException("/metadata/" + Fields.escape(e.getKey()), null, "metadata values are strings, found " + Fields.describe(e.getValue()));
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static InputSpec input(Fields f) {
    int h = f.integer("height"), w = f.integer("width"), c = f.integer("channels");
    String enc = f.string("encoding");
    InputSpec.Encoding encoding = switch (enc) {
      case "bits" -> InputSpec.Encoding.BITS;
      case "int8" -> InputSpec.Encoding.INT8;
      default -> throw new ModelException(f.at("encoding"), null, "unknown encoding \"" + JsonTree.clip(enc) + "\" (expected \"bits\" or \"int8\")");
    };
    int[] table = f.integers("table");
    return Fields.construct("", null, () -> new InputSpec(h, w, c, encoding, table));
  }

  private static Layer layer(JsonNode n, String at) {
    JsonNode nameNode = n.path("name");
    String name = nameNode.isTextual() ? nameNode.textValue() : null;
    if (!n.isObject()) throw new ModelException(at, null, "a layer must be a JSON object, found " + Fields.describe(n));
    JsonNode kindNode = n.get("kind");
    if (kindNode == null || kindNode.isNull()) throw new ModelException(at + "/kind", name, "required field 'kind' is missing (one of " + KINDS + ")");
    if (!kindNode.isTextual()) throw new ModelException(at + "/kind", name, "expected a string (one of " + KINDS + "), found " + Fields.describe(kindNode));
    String kind = kindNode.textValue();
    switch (kind) {
      case DenseLayer.KIND: {
        Fields f = new Fields(n, at, name, "dense layer", DENSE_KEYS);
        String layerName = f.string("name");
        int inputs = positive(f, "inputs"), outputs = positive(f, "outputs");
        PackedBits w = bits(f, "weights", outputs, inputs);
        Quantizer q = quantizer(f, "quantizer");
        return Fields.construct(at, name, () -> new DenseLayer(layerName, inputs, outputs, w, q));
      }
      case ConvLayer.KIND: {
        Fields f = new Fields(n, at, name, "conv2d layer", CONV_KEYS);
        String layerName = f.string("name");
        int kernel = positive(f, "kernel"), stride = positive(f, "stride");
        int padding = f.integer("padding"), padValue = f.integer("padValue");
        int inCh = positive(f, "inChannels"), outCh = positive(f, "outChannels");
        long fanIn = (long) kernel * kernel * inCh;
        if (fanIn > Integer.MAX_VALUE)
          throw new ModelException(f.at("kernel"), name, "fan-in kernel*kernel*inChannels = " + fanIn + " is too large (at most " + Integer.MAX_VALUE + ")");
        PackedBits w = bits(f, "weights", outCh, (int) fanIn);
        Quantizer q = quantizer(f, "quantizer");
        return Fields.construct(at, name, () -> new ConvLayer(layerName, kernel, stride, padding, padValue, inCh, outCh, w, q));
      }
      case MaxPoolLayer.KIND: {
        Fields f = new Fields(n, at, name, "maxpool layer", MAXPOOL_KEYS);
        String layerName = f.string("name");
        int kernel = f.integer("kernel"), stride = f.integer("stride");
        return Fields.construct(at, name, () -> new MaxPoolLayer(layerName, kernel, stride));
      }
      case FlattenLayer.KIND: {
        Fields f = new Fields(n, at, name, "flatten layer", FLATTEN_KEYS);
        String layerName = f.string("name");
        return Fields.construct(at, name, () -> new FlattenLayer(layerName));
      }
      case OutputLayer.KIND:
        return output(new Fields(n, at, name, "output layer", OUTPUT_KEYS));
      default:
        throw new ModelException(at + "/kind", name, "unknown layer kind \"" + JsonTree.clip(kind) + "\" (expected one of " + KINDS + ")");
    }
  }

  private static OutputLayer output(Fields f) {
    String layerName = f.string("name");
    int inputs = positive(f, "inputs"), classes = positive(f, "classes");
    boolean binary = f.has("weights"), integer = f.has("weightBits") || f.has("intWeights");
    if (binary && integer)
      throw new ModelException(f.at("weights"), f.layer, "give either binary \"weights\" or \"weightBits\" and \"intWeights\", not both");
    if (!binary && !integer)
      throw new ModelException(f.at("weights"), f.layer, "required field 'weights' is missing (or \"weightBits\" and \"intWeights\" for integer weights)");
    OutputWeights weights;
    if (binary) {
      weights = new OutputWeights.Binary(bits(f, "weights", classes, inputs));
    } else {
      int weightBits = f.integer("weightBits");
      int[] values = f.integers("intWeights");
      weights = Fields.construct(f.path, f.layer, () -> new OutputWeights.Integer(weightBits, classes, inputs, values));
    }
    int[] scale = f.integersOrNull("scale"), offset = f.integersOrNull("offset");
    Quantizer thresholds = f.has("thresholds") ? quantizer(f, "thresholds") : null;
    String readoutName = f.string("readout", Readout.ARGMAX.json());
    Readout readout = Readout.fromJson(readoutName);
    if (readout == null)
      throw new ModelException(f.at("readout"), f.layer, "unknown readout \"" + JsonTree.clip(readoutName) + "\" (expected \"argmax\" or \"highestSetBit\")");
    return Fields.construct(f.path, f.layer, () -> new OutputLayer(layerName, inputs, classes, weights, scale, offset, thresholds, readout));
  }

  /** A size field; checked here because the weights' shape is derived from it before the record sees it. */
  private static int positive(Fields f, String key) {
    int v = f.integer(key);
    if (v < 1) throw new ModelException(f.at(key), f.layer, key + " (" + v + ") must be >= 1");
    return v;
  }

  private static PackedBits bits(Fields f, String key, int rows, int cols) {
    String b64 = f.string(key);
    try {
      return PackedBits.fromBase64(rows, cols, b64);
    } catch (IllegalArgumentException e) {
      throw new ModelException(f.at(key), f.layer, key + " " + e.getMessage());
    }
  }

  private static Quantizer quantizer(Fields f, String key) {
    Fields q = f.object(key, key.equals("quantizer") ? "quantizer" : "output thresholds", QUANTIZER_KEYS);
    int channels = q.integer("channels"), k = q.integer("k");
    int[] thresholds = q.integers("thresholds"), directions = q.integers("directions");
    return Fields.construct(q.path, f.layer, () -> new Quantizer(channels, k, thresholds, directions));
  }

  // ---------------------------------------------------------------- writing

  /** Pretty, deterministic JSON with a {@code "hash"} field; ends with a newline. */
  public static String toJson(Network net) {
    ObjectNode body = tree(net);
    ObjectNode withHash = NODES.objectNode();
    withHash.put("format", Network.FORMAT);
    withHash.put("hash", sha256(JsonPrinter.canonical(body)));
    body.properties().forEach(e -> { if (!e.getKey().equals("format")) withHash.set(e.getKey(), e.getValue()); });
    return JsonPrinter.pretty(withHash, false);
  }

  /** Writes {@link #toJson} atomically (temp file in the same directory, then an atomic move). */
  public static void write(Network net, Path file) throws IOException {
    AtomicFiles.writeString(file, toJson(net));
  }

  /** The canonical form: keys sorted, no whitespace, no hash field. */
  public static String canonical(Network net) {
    return JsonPrinter.canonical(tree(net));
  }

  /** Hex SHA-256 of the UTF-8 bytes of {@link #canonical}. */
  public static String contentHash(Network net) {
    return sha256(canonical(net));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static ObjectNode tree(Network net) {
    ObjectNode root = NODES.objectNode();
    root.put("format", Network.FORMAT);
    root.put("name", net.name());
    ObjectNode md = root.putObject("metadata");
    net.metadata().forEach(md::put);
    InputSpec in = net.input();
    ObjectNode input = root.putObject("input");
    input.put("height", in.height());
    input.put("width", in.width());
    input.put("channels", in.channels());
    input.put("encoding", in.encoding() == InputSpec.Encoding.BITS ? "bits" : "int8");
    ints(input.putArray("table"), in.table());
    ArrayNode layers = root.putArray("layers");
    for (Layer l : net.layers()) layers.add(layer(l));
    return root;
  }

  private static ObjectNode layer(Layer layer) {
    ObjectNode o = NODES.objectNode();
    o.put("kind", layer.kind());
    o.put("name", layer.name());
    layer.accept(new LayerVisitor<Void>() {
      @Override public Void visitDense(DenseLayer d) {
        o.put("inputs", d.inputs());
        o.put("outputs", d.outputs());
        o.put("weights", d.weights().toBase64());
        o.set("quantizer", quantizer(d.quantizer()));
        return null;
      }
      @Override public Void visitConv(ConvLayer c) {
        o.put("kernel", c.kernel());
        o.put("stride", c.stride());
        o.put("padding", c.padding());
        o.put("padValue", c.padValue());
        o.put("inChannels", c.inChannels());
        o.put("outChannels", c.outChannels());
        o.put("weights", c.weights().toBase64());
        o.set("quantizer", quantizer(c.quantizer()));
        return null;
      }
      @Override public Void visitMaxPool(MaxPoolLayer p) {
        o.put("kernel", p.kernel());
        o.put("stride", p.stride());
        return null;
      }
      @Override public Void visitFlatten(FlattenLayer f) { return null; }
      @Override public Void visitOutput(OutputLayer out) {
        o.put("inputs", out.inputs());
        o.put("classes", out.classes());
        if (out.weights() instanceof OutputWeights.Binary b) {
          o.put("weights", b.bits().toBase64());
        } else {
          OutputWeights.Integer iw = (OutputWeights.Integer) out.weights();
          o.put("weightBits", iw.bits());
          ints(o.putArray("intWeights"), iw.values());
        }
        ints(o.putArray("scale"), out.scale());
        ints(o.putArray("offset"), out.offset());
        if (out.thresholds() == null) o.putNull("thresholds");
        else o.set("thresholds", quantizer(out.thresholds()));
        o.put("readout", out.readout().json());
        return null;
      }
    });
    return o;
  }

  private static ObjectNode quantizer(Quantizer q) {
    ObjectNode o = NODES.objectNode();
    o.put("channels", q.channels());
    o.put("k", q.k());
    ints(o.putArray("thresholds"), q.thresholds());
    ints(o.putArray("directions"), q.directions());
    return o;
  }

  private static void ints(ArrayNode a, int[] values) {
    for (int v : values) a.add(v);
  }
}
