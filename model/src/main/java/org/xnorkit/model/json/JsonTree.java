package org.xnorkit.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.xnorkit.model.ModelException;

/**
 * Reads one JSON document into a Jackson tree, stricter than Jackson's own tree reader: duplicate
 * keys, non-integer numbers, integers outside 32 bits and anything after the document are errors.
 * Every number in a model or plan file is a 32-bit integer, so the tree holds only {@code IntNode}s.
 *
 * <p>The tree is built top-down with each container attached before it is filled, so when the
 * input breaks off, {@link #partialRoot()} still shows what came before (the reader takes the
 * layer's name from it). Errors are {@link ModelException}s carrying the JSON pointer of the place
 * and its line and column; the caller adds the source and the layer.
 */
final class JsonTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // Model files are a few levels deep; the string limit admits weight strings of large layers.
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(64)
          .maxNumberLength(64)
          .maxStringLength(512 * 1024 * 1024)
          .build())
      .build();

  private JsonNode root;

  /** The document read so far: complete after {@link #read}, partial after it threw. */
  JsonNode partialRoot() { return root; }

  JsonNode read(byte[] bytes) {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      return read(p);
    } catch (IOException e) {
      throw new ModelException("", null, "cannot read JSON: " + e.getMessage());
    }
  }

  JsonNode read(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      return read(p);
    } catch (IOException e) {
      throw new ModelException("", null, "cannot read JSON: " + e.getMessage());
    }
  }

  private JsonNode read(JsonParser p) {
    try {
      JsonToken t = p.nextToken();
      if (t == null) throw error(p, "the document is empty");
      JsonNode value = value(p, t, null, null);
      if (root == null) root = value;
      JsonToken after = p.nextToken();
      if (after != null) throw error(p, "unexpected " + describe(after, p) + " after the end of the JSON document");
      return value;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Syntax errors, truncation, bad UTF-8, nesting/number/string limits.
      throw error(p, "malformed JSON: " + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw error(p, "cannot read JSON: " + e.getMessage(), e);
    }
  }

  /** Reads the value starting at token {@code t}; containers are attached to {@code parent} before they are filled. */
  private JsonNode value(JsonParser p, JsonToken t, JsonNode parent, String key) throws IOException {
    switch (t) {
      case START_OBJECT: {
        ObjectNode o = NODES.objectNode();
        attach(parent, key, o);
        for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
          if (f != JsonToken.FIELD_NAME) throw error(p, "unexpected " + describe(f, p) + " inside an object");
          String name = p.currentName();
          if (o.has(name)) throw error(p, "duplicate key '" + name + "'");
          JsonToken v = p.nextToken();
          if (v == null) throw error(p, "the document ends inside an object");
          JsonNode child = value(p, v, o, name);
          if (!child.isContainerNode()) o.set(name, child);
        }
        return o;
      }
      case START_ARRAY: {
        ArrayNode a = NODES.arrayNode();
        attach(parent, key, a);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          if (e == null) throw error(p, "the document ends inside an array");
          JsonNode child = value(p, e, a, null);
          if (!child.isContainerNode()) a.add(child);
        }
        return a;
      }
      case VALUE_STRING: return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        if (p.getNumberType() != JsonParser.NumberType.INT)
          throw error(p, "integer " + clip(p.getText()) + " is outside the 32-bit range [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]");
        return NODES.numberNode(p.getIntValue());
      case VALUE_NUMBER_FLOAT:
        throw error(p, "found the number " + clip(p.getText()) + "; every number in this format is an integer");
      case VALUE_TRUE: return NODES.booleanNode(true);
      case VALUE_FALSE: return NODES.booleanNode(false);
      case VALUE_NULL: return NODES.nullNode();
      default: throw error(p, "unexpected " + describe(t, p));
    }
  }

  private void attach(JsonNode parent, String key, JsonNode child) {
    if (parent == null) root = child;
    else if (parent instanceof ObjectNode o) o.set(key, child);
    else ((ArrayNode) parent).add(child);
  }

  private static ModelException error(JsonParser p, String message) { return error(p, message, null); }

  private static ModelException error(JsonParser p, String message, Throwable cause) {
    String pointer = "";
    try {
      pointer = p.getParsingContext().pathAsPointer().toString();
    } catch (RuntimeException ignored) {
      // The context is only used to locate the error; a broken one leaves the pointer empty.
    }
    JsonLocation at = p.currentLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    return new ModelException(null, pointer, null, message + where, cause);
  }

  private static String describe(JsonToken t, JsonParser p) throws IOException {
    return t.isScalarValue() ? "value " + clip(p.getText()) : "'" + (t.asString() == null ? t.name() : t.asString()) + "'";
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
  }

  /** Keeps messages short when a value is huge. */
  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
