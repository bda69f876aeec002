package org.xnorkit.model.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON tree byte-for-byte deterministically. Two styles: {@link #pretty} (keys in
 * insertion order, two-space indent, arrays of scalars on one line so a 256-entry table or a
 * threshold list stays one line) and {@link #canonical} (keys sorted by {@link String#compareTo},
 * no whitespace at all: the form the content hash is taken over).
 */
final class JsonPrinter {
  private final boolean pretty;
  private final boolean inlineFlatObjects;
  private final StringBuilder out = new StringBuilder();

  private JsonPrinter(boolean pretty, boolean inlineFlatObjects) {
    this.pretty = pretty;
    this.inlineFlatObjects = inlineFlatObjects;
  }

  /** Indented, insertion order, ending in a newline. {@code inlineFlatObjects}: objects of scalars on one line. */
  static String pretty(JsonNode root, boolean inlineFlatObjects) {
    JsonPrinter p = new JsonPrinter(true, inlineFlatObjects);
    p.value(root, 0);
    return p.out.append('\n').toString();
  }

  /** Keys sorted, no whitespace. */
  static String canonical(JsonNode root) {
    JsonPrinter p = new JsonPrinter(false, false);
    p.value(root, 0);
    return p.out.toString();
  }

  private void value(JsonNode v, int depth) {
    if (v.isObject()) object(v, depth);
    else if (v.isArray()) array(v, depth);
    else scalar(v);
  }

  private void scalar(JsonNode v) {
    if (v.isTextual()) {
      out.append('"');
      out.append(JsonStringEncoder.getInstance().quoteAsString(v.textValue()));
      out.append('"');
    } else if (v.isIntegralNumber() || v.isBoolean() || v.isNull()) {
      out.append(v.asText());
    } else {
      throw new IllegalStateException("unexpected JSON node " + v.getNodeType());
    }
  }

  private void object(JsonNode v, int depth) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(v.properties());
    if (!pretty) entries.sort(Map.Entry.comparingByKey());
    if (entries.isEmpty()) { out.append("{}"); return; }
    boolean inline = !pretty || (inlineFlatObjects && allScalar(v));
    out.append('{');
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) out.append(',');
      if (!inline) newline(depth + 1);
      else if (pretty && i > 0) out.append(' ');
      scalar(com.fasterxml.jackson.databind.node.TextNode.valueOf(entries.get(i).getKey()));
      out.append(pretty ? ": " : ":");
      value(entries.get(i).getValue(), depth + 1);
    }
    if (!inline) newline(depth);
    out.append('}');
  }

  private void array(JsonNode v, int depth) {
    if (v.isEmpty()) { out.append("[]"); return; }
    boolean inline = !pretty || allScalar(v);
    out.append('[');
    for (int i = 0; i < v.size(); i++) {
      if (i > 0) out.append(',');
      if (!inline) newline(depth + 1);
      else if (pretty && i > 0) out.append(' ');
      value(v.get(i), depth + 1);
    }
    if (!inline) newline(depth);
    out.append(']');
  }

  private static boolean allScalar(JsonNode container) {
    for (JsonNode e : container) if (e.isContainerNode()) return false;
    return true;
  }

  private void newline(int depth) {
    out.append('\n');
    out.append(String.join("", Collections.nCopies(depth, "  ")));
  }
}
