package org.xnorkit.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.xnorkit.model.ModelException;

/**
 * One JSON object being read, with its JSON pointer and the layer it belongs to. Rejects keys it
 * does not know (a typo must not be silently ignored) and reports wrong types and missing fields
 * with the full pointer of the field.
 */
final class Fields {
  private final JsonNode node;
  final String path;
  final String layer;

  /** {@code what} names the object in messages ("layer", "quantizer", ...). */
  Fields(JsonNode node, String path, String layer, String what, List<String> allowed) {
    if (node == null || !node.isObject())
      throw new ModelException(path, layer, what + " must be a JSON object, found " + describe(node));
    this.node = node;
    this.path = path;
    this.layer = layer;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        String near = nearest(key, allowed);
        throw new ModelException(at(key), layer, "unknown field '" + JsonTree.clip(key) + "' in " + what
            + (near != null ? " (did you mean '" + near + "'?)" : "") + "; allowed: " + String.join(", ", allowed));
      }
    }
  }

  /** The pointer of field {@code key}. */
  String at(String key) { return path + "/" + escape(key); }

  boolean has(String key) { return node.hasNonNull(key); }

  JsonNode required(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) throw new ModelException(at(key), layer, "required field '" + key + "' is missing");
    return v;
  }

  /** The field's value, or null when it is absent or JSON null. */
  JsonNode optional(String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  int integer(String key) { return integer(required(key), at(key)); }

  int integer(String key, int absent) {
    JsonNode v = optional(key);
    return v == null ? absent : integer(v, at(key));
  }

  String string(String key) { return string(required(key), at(key)); }

  String string(String key, String absent) {
    JsonNode v = optional(key);
    return v == null ? absent : string(v, at(key));
  }

  int[] integers(String key) { return integers(required(key), at(key)); }

  /** An integer array, or null when absent. */
  int[] integersOrNull(String key) {
    JsonNode v = optional(key);
    return v == null ? null : integers(v, at(key));
  }

  Fields object(String key, String what, List<String> allowed) {
    return new Fields(required(key), at(key), layer, what, allowed);
  }

  JsonNode array(String key) {
    JsonNode v = required(key);
    if (!v.isArray()) throw new ModelException(at(key), layer, "expected an array, found " + describe(v));
    return v;
  }

  int integer(JsonNode v, String at) {
    if (!v.isInt()) throw new ModelException(at, layer, "expected an integer, found " + describe(v));
    return v.intValue();
  }

  String string(JsonNode v, String at) {
    if (!v.isTextual()) throw new ModelException(at, layer, "expected a string, found " + describe(v));
    return v.textValue();
  }

  int[] integers(JsonNode v, String at) {
    if (!v.isArray()) throw new ModelException(at, layer, "expected an array of integers, found " + describe(v));
    int[] out = new int[v.size()];
    for (int i = 0; i < out.length; i++) out[i] = integer(v.get(i), at + "/" + i);
    return out;
  }

  /**
   * Runs a record constructor; its {@link ModelException}s (paths relative to the record) get this
   * prefix and the layer name, and its {@link IllegalArgumentException}s become ModelExceptions here.
   */
  static <T> T construct(String prefix, String layer, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (ModelException e) {
      throw relocate(e, prefix, layer);
    } catch (IllegalArgumentException e) {
      throw new ModelException(prefix, layer, e.getMessage());
    }
  }

  /** {@code e} one level further out, with the layer name filled in if it had none. */
  static ModelException relocate(ModelException e, String prefix, String layer) {
    return new ModelException(e.source(), prefix + e.path(), e.layer() != null ? e.layer() : layer, e.reason(), e.getCause());
  }

  /** JSON pointer escaping of one reference token (RFC 6901). */
  static String escape(String key) { return key.replace("~", "~0").replace("/", "~1"); }

  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) return "nothing";
    if (v.isNull()) return "null";
    if (v.isObject()) return "an object";
    if (v.isArray()) return "an array";
    if (v.isTextual()) return "the string \"" + JsonTree.clip(v.textValue()) + "\"";
    if (v.isBoolean()) return v.booleanValue() ? "true" : "false";
    if (v.isNumber()) return "the number " + v.asText();
    return v.getNodeType().name().toLowerCase();
  }

  /** The allowed key closest to a misspelt one (edit distance <= 2), or null. */
  private static String nearest(String key, List<String> allowed) {
    if (key.length() > 64) return null;
    String best = null;
    int bestDistance = 3;
    for (String a : allowed) {
      int d = distance(key.toLowerCase(), a.toLowerCase());
      if (d < bestDistance) { bestDistance = d; best = a; }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++)
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      int[] t = prev; prev = cur; cur = t;
    }
    return prev[b.length()];
  }

  static List<String> keys(String... keys) { return List.of(keys); }
}
