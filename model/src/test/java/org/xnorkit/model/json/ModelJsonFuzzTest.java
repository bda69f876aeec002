package org.xnorkit.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.Folding;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * Seeded mutation fuzzing of the model reader: valid model files get byte flips, deletions,
 * truncations, duplicated and removed keys, changed numbers (huge ones too), changed types and
 * reordered layers. Every result must be a valid network (which then round-trips) or a clean
 * {@link ModelException} located in the source; any other exception is a hole in the reader or
 * the records. Seed override: -Dxnorkit.fuzz.seed=N; case count: -Dxnorkit.fuzz.cases=N
 * (default 2000, 20000 with XNORKIT_SLOW=1).
 */
class ModelJsonFuzzTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SOURCE = "fuzz.json";

  @Test
  void mutatedModelsGiveANetworkOrAModelException() throws Exception {
    long seed = Long.getLong("xnorkit.fuzz.seed", 20261123L);
    int cases = Integer.getInteger("xnorkit.fuzz.cases", System.getenv("XNORKIT_SLOW") != null ? 20000 : 2000);
    List<String> seeds = seedFiles();
    Random rnd = new Random(seed);
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int valid = 0, rejected = 0;
    for (int i = 0; i < cases; i++) {
      String original = seeds.get(rnd.nextInt(seeds.size()));
      StringBuilder how = new StringBuilder();
      String mutated = original;
      int rounds = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
      for (int r = 0; r < rounds; r++) mutated = mutate(mutated, rnd, how);
      try {
        Network net = ModelJson.parse(mutated, SOURCE);
        valid++;
        // A mutation the reader accepts must still be a network that writes and reads back unchanged.
        assertEquals(net, ModelJson.parse(ModelJson.toJson(net), SOURCE), "round trip of an accepted mutation");
        outcomes.merge("accepted", 1, Integer::sum);
      } catch (ModelException e) {
        rejected++;
        String msg = e.getMessage();
        if (!msg.startsWith(SOURCE + ": ") || !(e.path().isEmpty() || e.path().startsWith("/")) || e.reason() == null || e.reason().isBlank())
          failures.add("case " + i + " (" + how + "): badly located ModelException: " + msg);
        outcomes.merge(errorClass(e), 1, Integer::sum);
      } catch (Throwable t) {
        failures.add("case " + i + " (" + how + "): " + t + "\n    at " + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?")
            + "\n    input starts: " + JsonTree.clip(mutated.replace('\n', ' ')));
      }
    }
    System.out.printf("ModelJson fuzz: seed %d, %d seed files, %d cases: %d accepted, %d rejected with ModelException, %d other exceptions%n",
        seed, seeds.size(), cases, valid, rejected, failures.size());
    System.out.println("ModelJson fuzz outcomes: " + outcomes);
    if (!failures.isEmpty()) fail(failures.size() + " mutations escaped as other exceptions, first ones:\n" + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
    assertTrue(valid > 0 && rejected > cases / 2, "the mutations exercise both outcomes");
  }

  @Test
  void mutatedPlansGiveAPlanOrAModelException() {
    long seed = Long.getLong("xnorkit.fuzz.seed", 20261123L);
    int cases = Integer.getInteger("xnorkit.fuzz.cases", System.getenv("XNORKIT_SLOW") != null ? 20000 : 2000) / 4;
    Random rnd = new Random(seed);
    List<Network> nets = SampleNetworks.all();
    List<String> seeds = new ArrayList<>();
    for (Network n : nets) {
      Map<String, Folding> foldings = new TreeMap<>();
      for (Layer l : n.layers()) if (l.isCompute()) foldings.put(l.name(), new Folding(1 + rnd.nextInt(8), 1 + rnd.nextInt(8)));
      seeds.add(PlanJson.toJson(new Plan(foldings, Map.of(n.layers().get(0).name(), 2 + rnd.nextInt(30), "output", 2), 8 * rnd.nextInt(9), 8)));
    }
    int accepted = 0, rejected = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      int which = rnd.nextInt(seeds.size());
      StringBuilder how = new StringBuilder();
      String mutated = mutate(seeds.get(which), rnd, how);
      try {
        Plan plan = PlanJson.parse(mutated, SOURCE);
        plan.validateAgainst(nets.get(which));
        assertEquals(plan, PlanJson.parse(PlanJson.toJson(plan), SOURCE));
        accepted++;
      } catch (ModelException e) {
        rejected++;
      } catch (Throwable t) {
        failures.add("case " + i + " (" + how + "): " + t + "\n    at " + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?"));
      }
    }
    System.out.printf("PlanJson fuzz: seed %d, %d cases: %d accepted, %d rejected with ModelException, %d other exceptions%n",
        seed, cases, accepted, rejected, failures.size());
    if (!failures.isEmpty()) fail(String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
  }

  /** The valid model files mutations start from: every sample and 12 random networks, with and without the hash field. */
  static List<String> seedFiles() {
    List<Network> nets = new ArrayList<>(SampleNetworks.all());
    RandomNetworks random = new RandomNetworks(4242);
    for (int i = 0; i < 12; i++) nets.add(random.network(RandomNetworks.Bounds.defaults().withMaxWidth(65).withMaxChannels(17)));
    List<String> out = new ArrayList<>();
    for (Network n : nets) {
      String json = ModelJson.toJson(n);
      out.add(json);
      out.add(json.replaceFirst("\n  \"hash\": \"[0-9a-f]+\",", ""));
      out.add(json.replaceFirst("\n  \"hash\": \"[0-9a-f]+\",", ""));
    }
    return out;
  }

  /** Groups rejections by what was wrong, for the printed summary. */
  private static String errorClass(ModelException e) {
    String r = e.reason();
    if (r.startsWith("malformed JSON")) return "malformed";
    if (r.startsWith("duplicate key")) return "duplicateKey";
    if (r.startsWith("integer ")) return "hugeNumber";
    if (r.startsWith("found the number")) return "nonInteger";
    if (r.contains("after the end of the JSON document")) return "trailing";
    if (r.startsWith("unknown field")) return "unknownField";
    if (r.startsWith("required field")) return "missingField";
    if (r.startsWith("expected ") || r.contains("must be a JSON object")) return "wrongType";
    String[] parts = e.path().replaceAll("/\\d+", "").split("/");
    return parts.length == 0 ? "(document)" : parts[parts.length - 1];
  }

  private static String mutate(String json, Random rnd, StringBuilder how) {
    if (json.isEmpty()) { how.append(", refill"); return "{"; }
    int op = rnd.nextInt(15);
    how.append(how.length() == 0 ? "" : ", ");
    switch (op) {
      case 0: { // flip one byte of the UTF-8 encoding
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        int at = rnd.nextInt(b.length);
        b[at] ^= (byte) (1 << rnd.nextInt(8));
        how.append("flip byte ").append(at);
        return new String(b, StandardCharsets.ISO_8859_1).equals(json) ? json : new String(b, StandardCharsets.UTF_8);
      }
      case 1: { // delete a range
        int at = rnd.nextInt(json.length()), len = 1 + rnd.nextInt(Math.min(40, json.length() - at));
        how.append("delete ").append(at).append("+").append(len);
        return json.substring(0, at) + json.substring(at + len);
      }
      case 2: { // truncate
        int at = rnd.nextInt(json.length());
        how.append("truncate at ").append(at);
        return json.substring(0, at);
      }
      case 3: { // insert a JSON-significant character
        int at = rnd.nextInt(json.length() + 1);
        String chars = "{}[],:\"0-e.tn \\x";
        String c = String.valueOf(chars.charAt(rnd.nextInt(chars.length())));
        how.append("insert '").append(c).append("' at ").append(at);
        return json.substring(0, at) + c + json.substring(at);
      }
      case 4: { // duplicate a line (usually a key: a duplicate key)
        String[] lines = json.split("\n", -1);
        int at = rnd.nextInt(lines.length);
        how.append("duplicate line ").append(at);
        List<String> l = new ArrayList<>(List.of(lines));
        l.add(at, lines[at]);
        return String.join("\n", l);
      }
      case 5: { // trailing garbage
        String tail = List.of("x", "{}", " 1", "]", "\n{\"a\":1}", "\u0000").get(rnd.nextInt(6));
        how.append("append ").append(tail.trim());
        return json + tail;
      }
      default:
        return mutateTree(json, rnd, op, how);
    }
  }

  /** Structural mutations on the parsed tree; falls back to the text when it does not parse. */
  private static String mutateTree(String json, Random rnd, int op, StringBuilder how) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (Exception e) {
      how.append("(unparsable, unchanged)");
      return json;
    }
    List<JsonNode> containers = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    collect(root, "", containers, paths);
    int pick = rnd.nextInt(containers.size());
    JsonNode c = containers.get(pick);
    String at = paths.get(pick);
    switch (op) {
      case 6: { // remove a key or an element
        if (c.isObject() && c.size() > 0) {
          String key = nthKey(c, rnd.nextInt(c.size()));
          ((ObjectNode) c).remove(key);
          how.append("remove ").append(at).append('/').append(key);
        } else if (c.isArray() && c.size() > 0) {
          int i = rnd.nextInt(c.size());
          ((ArrayNode) c).remove(i);
          how.append("remove ").append(at).append('/').append(i);
        }
        break;
      }
      case 7: case 8: case 9: { // change a number
        List<JsonNode> holders = new ArrayList<>();
        List<String> hp = new ArrayList<>();
        collectNumbers(root, "", holders, hp);
        if (holders.isEmpty()) break;
        int h = rnd.nextInt(holders.size());
        String hAt = hp.get(h);
        JsonNode holder = holders.get(h);
        String key = hAt.substring(hAt.lastIndexOf('/') + 1);
        JsonNode old = holder.isObject() ? holder.get(key) : holder.get(Integer.parseInt(key));
        long v = old.asLong();
        long[] choices = {v + 1, v - 1, -v, 0, 1, -1, 2 * v, v + 64, Integer.MAX_VALUE, Integer.MIN_VALUE, 65536, 46341, 1L << 40, -(1L << 40)};
        long nv = choices[rnd.nextInt(choices.length)];
        set(holder, key, MAPPER.getNodeFactory().numberNode(nv));
        if (rnd.nextInt(10) == 0) set(holder, key, MAPPER.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(1 + rnd.nextInt(300)))));
        if (rnd.nextInt(10) == 0) set(holder, key, MAPPER.getNodeFactory().numberNode(v + 0.5));
        how.append("number ").append(hAt).append(" = ").append(JsonTree.clip(String.valueOf(holder.isObject() ? holder.get(key) : holder.get(Integer.parseInt(key)))));
        break;
      }
      case 10: { // change a type
        JsonNode[] values = {MAPPER.getNodeFactory().nullNode(), MAPPER.getNodeFactory().textNode("7"), MAPPER.getNodeFactory().booleanNode(true),
            MAPPER.createArrayNode(), MAPPER.createObjectNode(), MAPPER.getNodeFactory().numberNode(3), MAPPER.createArrayNode().add(1).add("x")};
        JsonNode nv = values[rnd.nextInt(values.length)];
        if (c.isObject() && c.size() > 0) {
          String key = nthKey(c, rnd.nextInt(c.size()));
          ((ObjectNode) c).set(key, nv);
          how.append("type ").append(at).append('/').append(key).append(" = ").append(nv);
        } else if (c.isArray() && c.size() > 0) {
          int i = rnd.nextInt(c.size());
          ((ArrayNode) c).set(i, nv);
          how.append("type ").append(at).append('/').append(i).append(" = ").append(nv);
        }
        break;
      }
      case 11: { // add an unknown or misplaced key
        if (c.isObject()) {
          String key = List.of("weigths", "k", "kind", "name", "pe", "extra", "thresholds", "inputs").get(rnd.nextInt(8));
          ((ObjectNode) c).put(key, 1);
          how.append("add key ").append(at).append('/').append(key);
        }
        break;
      }
      case 12: { // change a string: kinds, readouts, encodings, base64 characters
        JsonNode layers = root.path("layers");
        if (layers.isArray() && layers.size() > 0 && layers.get(0).isObject()) {
          int i = rnd.nextInt(layers.size());
          JsonNode l = layers.get(i);
          if (!l.isObject()) break;
          String[] kinds = {"dense", "conv2d", "maxpool", "flatten", "output", "conv", "Dense", ""};
          if (rnd.nextBoolean() || !l.path("weights").isTextual()) {
            String k = kinds[rnd.nextInt(kinds.length)];
            ((ObjectNode) l).put("kind", k);
            how.append("kind /layers/").append(i).append(" = ").append(k);
          } else {
            StringBuilder w = new StringBuilder(l.get("weights").textValue());
            if (w.length() > 0) w.setCharAt(rnd.nextInt(w.length()), "AB/+=_-Q9z!".charAt(rnd.nextInt(11)));
            ((ObjectNode) l).put("weights", w.toString());
            how.append("weights char /layers/").append(i);
          }
        }
        break;
      }
      case 13: { // sizes whose product wraps around 32 bits, with an array emptied to match the wrapped count
        List<Integer> sized = new ArrayList<>();
        for (int k = 0; k < containers.size(); k++) {
          JsonNode o = containers.get(k);
          if (o.isObject() && o.properties().stream().filter(e -> e.getValue().isInt()).count() >= 2) sized.add(k);
        }
        if (sized.isEmpty()) break;
        pick = sized.get(rnd.nextInt(sized.size()));
        c = containers.get(pick);
        at = paths.get(pick);
        List<String> ints = new ArrayList<>(), arrays = new ArrayList<>();
        c.properties().forEach(e -> { if (e.getValue().isInt()) ints.add(e.getKey()); else if (e.getValue().isArray()) arrays.add(e.getKey()); });
        if (ints.size() < 2) break;
        String a = ints.get(rnd.nextInt(ints.size())), b = ints.get(rnd.nextInt(ints.size()));
        long va = c.get(a).asLong();
        if (rnd.nextBoolean() && va > 1) {
          // keep a, make a*b just reach 2^32 (or pass it by a little): the product wraps to 0 or a small number
          ((ObjectNode) c).put(b, (int) Math.min(Integer.MAX_VALUE, ((1L << 32) + va - 1) / va));
        } else {
          int ea = 1 + rnd.nextInt(31);
          ((ObjectNode) c).put(a, 1 << ea);
          ((ObjectNode) c).put(b, rnd.nextBoolean() ? 1 << Math.max(0, 32 - ea) : (1 << Math.max(0, 32 - ea)) + rnd.nextInt(3));
        }
        how.append("wrap ").append(at).append(" ").append(a).append('=').append(c.get(a)).append(' ').append(b).append('=').append(c.get(b));
        if (!arrays.isEmpty() && rnd.nextBoolean()) {
          String arr = arrays.get(rnd.nextInt(arrays.size()));
          ((ObjectNode) c).putArray(arr);
          how.append(" empty ").append(arr);
        }
        break;
      }
      default: { // reorder, drop or duplicate a layer
        JsonNode layers = root.path("layers");
        if (layers.isArray() && layers.size() > 1) {
          ArrayNode a = (ArrayNode) layers;
          int i = rnd.nextInt(a.size()), j = rnd.nextInt(a.size());
          switch (rnd.nextInt(3)) {
            case 0 -> { JsonNode t = a.get(i); a.set(i, a.get(j)); a.set(j, t); how.append("swap layers ").append(i).append(',').append(j); }
            case 1 -> { a.remove(i); how.append("drop layer ").append(i); }
            default -> { a.insert(i, a.get(j).deepCopy()); how.append("duplicate layer ").append(j); }
          }
        }
      }
    }
    return root.toPrettyString();
  }

  private static void collect(JsonNode n, String at, List<JsonNode> out, List<String> paths) {
    if (!n.isContainerNode()) return;
    out.add(n);
    paths.add(at);
    if (n.isObject()) n.properties().forEach(e -> collect(e.getValue(), at + "/" + e.getKey(), out, paths));
    else for (int i = 0; i < n.size(); i++) collect(n.get(i), at + "/" + i, out, paths);
  }

  private static void collectNumbers(JsonNode n, String at, List<JsonNode> holders, List<String> paths) {
    if (n.isObject()) n.properties().forEach(e -> {
      if (e.getValue().isNumber()) { holders.add(n); paths.add(at + "/" + e.getKey()); }
      else collectNumbers(e.getValue(), at + "/" + e.getKey(), holders, paths);
    });
    else if (n.isArray()) for (int i = 0; i < n.size(); i++) {
      if (n.get(i).isNumber()) { holders.add(n); paths.add(at + "/" + i); }
      else collectNumbers(n.get(i), at + "/" + i, holders, paths);
    }
  }

  private static void set(JsonNode holder, String key, JsonNode v) {
    if (holder.isObject()) ((ObjectNode) holder).set(key, v);
    else ((ArrayNode) holder).set(Integer.parseInt(key), v);
  }

  private static String nthKey(JsonNode o, int n) {
    int i = 0;
    for (Map.Entry<String, JsonNode> e : o.properties()) if (i++ == n) return e.getKey();
    throw new IllegalStateException();
  }
}
