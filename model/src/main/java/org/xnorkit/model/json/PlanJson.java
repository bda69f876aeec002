package org.xnorkit.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.xnorkit.model.Folding;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.io.AtomicFiles;

/**
 * Reads and writes hardware plans ({@code "format": "xnorkit-plan/1"}):
 * <pre>{"format": "xnorkit-plan/1", "foldings": {"fc0": {"pe": 16, "simd": 64}, ...},
 *  "fifoDepths": {"fc1": 32, ...}, "inputBusBits": 0, "outputBusBits": 0}</pre>
 * {@code foldings} is required; {@code fifoDepths} and the bus widths may be left out (empty, 0).
 * Errors are {@link ModelException}s naming the source, the JSON pointer and the layer, as for models.
 * A plan read alone is checked for itself; {@link #read(Path, Network)} also checks it against a model.
 */
public final class PlanJson {
  private PlanJson() {}

  private static final List<String> TOP_KEYS = Fields.keys("format", "foldings", "fifoDepths", "inputBusBits", "outputBusBits");
  private static final List<String> FOLDING_KEYS = Fields.keys("pe", "simd");

  public static Plan read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return load(tree -> tree.read(bytes), file.toString());
  }

  /** Reads a plan and checks that it fits {@code net} ({@link Plan#validateAgainst}). */
  public static Plan read(Path file, Network net) throws IOException {
    Plan plan = read(file);
    try {
      plan.validateAgainst(net);
    } catch (ModelException e) {
      throw e.inSource(file.toString());
    }
    return plan;
  }

  public static Plan parse(String json, String sourceName) {
    return load(tree -> tree.read(json), sourceName);
  }

  /** {@code NAME.plan.json} beside {@code NAME.json} (a model file without the .json ending gets .plan.json appended). */
  public static Path siblingOf(Path model) {
    String file = model.getFileName().toString();
    String base = file.endsWith(".json") ? file.substring(0, file.length() - ".json".length()) : file;
    return model.resolveSibling(base + ".plan.json");
  }

  /** Pretty, deterministic JSON (layers sorted by name); ends with a newline. */
  public static String toJson(Plan plan) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    root.put("format", Plan.FORMAT);
    ObjectNode foldings = root.putObject("foldings");
    plan.foldings().forEach((layer, f) -> foldings.putObject(layer).put("pe", f.pe()).put("simd", f.simd()));
    ObjectNode fifos = root.putObject("fifoDepths");
    plan.fifoDepths().forEach(fifos::put);
    root.put("inputBusBits", plan.inputBusBits());
    root.put("outputBusBits", plan.outputBusBits());
    return JsonPrinter.pretty(root, true);
  }

  /** Writes {@link #toJson} atomically. */
  public static void write(Plan plan, Path file) throws IOException {
    AtomicFiles.writeString(file, toJson(plan));
  }

  private static Plan load(Function<JsonTree, JsonNode> parser, String source) {
    JsonTree tree = new JsonTree();
    try {
      JsonNode root;
      try {
        root = parser.apply(tree);
      } catch (ModelException e) {
        throw Fields.relocate(e, "", layerNameAt(e.path()));
      }
      return plan(root);
    } catch (ModelException e) {
      throw e.inSource(source);
    }
  }

  /** In a plan the layer is the key under /foldings or /fifoDepths. */
  private static String layerNameAt(String pointer) {
    for (String section : new String[] {"/foldings/", "/fifoDepths/"}) {
      if (pointer.startsWith(section)) {
        String rest = pointer.substring(section.length());
        int slash = rest.indexOf('/');
        return unescape(slash < 0 ? rest : rest.substring(0, slash));
      }
    }
    return null;
  }

  private static String unescape(String token) { return token.replace("~1", "/").replace("~0", "~"); }

  private static Plan plan(JsonNode root) {
    if (root.isObject()) ModelJson.checkFormat(root.get("format"), Plan.FORMAT);
    Fields top = new Fields(root, "", null, "plan", TOP_KEYS);
    JsonNode foldingNodes = top.required("foldings");
    if (!foldingNodes.isObject()) throw new ModelException("/foldings", null, "expected an object of layer name to {pe, simd}, found " + Fields.describe(foldingNodes));
    Map<String, Folding> foldings = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : foldingNodes.properties()) {
      String layer = e.getKey();
      Fields f = new Fields(e.getValue(), top.at("foldings") + "/" + Fields.escape(layer), layer, "folding", FOLDING_KEYS);
      int pe = f.integer("pe"), simd = f.integer("simd");
      foldings.put(layer, Fields.construct(f.path, layer, () -> new Folding(pe, simd)));
    }
    Map<String, Integer> fifoDepths = new TreeMap<>();
    JsonNode fifoNodes = top.optional("fifoDepths");
    if (fifoNodes != null) {
      if (!fifoNodes.isObject()) throw new ModelException("/fifoDepths", null, "expected an object of layer name to depth, found " + Fields.describe(fifoNodes));
      for (Map.Entry<String, JsonNode> e : fifoNodes.properties()) {
        String at = "/fifoDepths/" + Fields.escape(e.getKey());
        if (!e.getValue().isInt()) throw new ModelException(at, e.getKey(), "expected an integer FIFO depth, found " + Fields.describe(e.getValue()));
        fifoDepths.put(e.getKey(), e.getValue().intValue());
      }
    }
    int inputBusBits = top.integer("inputBusBits", 0), outputBusBits = top.integer("outputBusBits", 0);
    return Fields.construct("", null, () -> new Plan(foldings, fifoDepths, inputBusBits, outputBusBits));
  }
}
