package org.xnorkit.hwgen.synth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Logic levels from a Yosys {@code write_json} netlist: per module, the most combinational cells on
 * one path. Registers, memories, submodule instances and ports end a path, so this is the depth
 * within a module — the figure Vivado reports as "logic levels", as far as a netlist can tell
 * without placement. No open tool times a 7-series part, so this stands in for Fmax there.
 */
final class LogicDepth {
  private LogicDepth() {}

  static boolean combinational(SynthTarget target, String type) {
    return switch (target) {
      case XILINX7 -> type.matches("LUT[1-6]|INV|MUXF[78]|CARRY4");
      case ICE40 -> type.equals("SB_LUT4") || type.equals("SB_CARRY");
      case GENERIC -> type.equals("$lut") || type.matches("\\$_(AND|OR|XOR|XNOR|NAND|NOR|NOT|ANDNOT|ORNOT|MUX|NMUX|AOI3|OAI3|AOI4|OAI4)_");
    };
  }

  /** Module name → its logic levels. */
  static Map<String, Integer> of(JsonNode netlist, SynthTarget target) {
    Map<String, Integer> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = netlist.path("modules").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (m.getValue().path("attributes").has("blackbox")) continue;
      out.put(m.getKey(), module(m.getValue(), target));
    }
    return out;
  }

  private static int module(JsonNode mod, SynthTarget target) {
    List<int[]> inputs = new ArrayList<>();   // per combinational cell: its input bits
    Map<Integer, Integer> driver = new HashMap<>(); // net bit → combinational cell driving it
    for (Iterator<JsonNode> it = mod.path("cells").elements(); it.hasNext(); ) {
      JsonNode c = it.next();
      if (!combinational(target, c.path("type").asText())) continue;
      int id = inputs.size();
      List<Integer> in = new ArrayList<>();
      JsonNode dirs = c.path("port_directions");
      for (Iterator<Map.Entry<String, JsonNode>> ps = c.path("connections").fields(); ps.hasNext(); ) {
        Map.Entry<String, JsonNode> p = ps.next();
        boolean output = dirs.path(p.getKey()).asText("").equals("output")
            || !dirs.has(p.getKey()) && (p.getKey().equals("O") || p.getKey().equals("Y") || p.getKey().startsWith("CO"));
        for (JsonNode b : p.getValue())
          if (b.isInt()) { if (output) driver.put(b.asInt(), id); else in.add(b.asInt()); }
      }
      inputs.add(in.stream().mapToInt(Integer::intValue).toArray());
    }
    int[] depth = new int[inputs.size()];
    int best = 0;
    for (int i = 0; i < depth.length; i++) best = Math.max(best, depth(i, inputs, driver, depth));
    return best;
  }

  /** Iterative DFS (paths can be thousands of cells long, e.g. carry chains): 1 + the deepest driver. */
  private static int depth(int start, List<int[]> inputs, Map<Integer, Integer> driver, int[] depth) {
    if (depth[start] > 0) return depth[start];
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    stack.push(start);
    depth[start] = -1; // on the stack
    while (!stack.isEmpty()) {
      int c = stack.peek();
      boolean pending = false;
      int d = 0;
      for (int b : inputs.get(c)) {
        Integer p = driver.get(b);
        if (p == null || p == c) continue;
        // one child at a time, so the stack is always a chain of ancestors (-1 then means a loop)
        if (depth[p] == 0) { depth[p] = -1; stack.push(p); pending = true; break; }
        else if (depth[p] > 0) d = Math.max(d, depth[p]);
        // depth -1: a combinational loop through the stack; ignore that edge
      }
      if (pending) continue;
      stack.pop();
      depth[c] = d + 1;
    }
    return depth[start];
  }
}
