package org.xnorkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.stats.NetworkStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xnorkit info}: what a model is, layer by layer. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {"Describes a model: format, hash, input, and per layer its shapes, size and operations.",
        "Per layer: kind, input and output shapes, activation levels K, parameters, storage, binary operations "
            + "(BOPs) and non-binary operations per image, with totals (conventions: docs/stats.md)."})
public final class InfoCommand implements Callable<Integer> {
  @Mixin Common common;

  @Option(names = "--model", required = true, paramLabel = "M", description = "Model file (xnorkit-model/1 JSON).")
  Path model;

  @Override public Integer call() throws Exception {
    Network net = Workload.loadModel(model);
    List<TensorType> types = net.tensorTypes();
    String hash = ModelJson.contentHash(net);
    InputSpec in = net.input();
    NetworkStats stats = NetworkStats.of(net);

    List<Map<String, Object>> layers = new ArrayList<>();
    for (int i = 0; i < net.layers().size(); i++) {
      Layer l = net.layers().get(i);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", l.name());
      e.put("kind", l.kind());
      e.put("inShape", types.get(i).toString());
      e.put("outShape", types.get(i + 1).toString());
      TensorType out = types.get(i + 1);
      if (out.domain() == TensorType.Domain.LEVELS) e.put("k", out.k());
      e.putAll(figures(stats.layers().get(i)));
      layers.add(e);
    }

    if (common.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", model.toString());
      doc.put("format", Network.FORMAT);
      doc.put("name", net.name());
      doc.put("hash", hash);
      doc.put("metadata", net.metadata());
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("height", in.height());
      input.put("width", in.width());
      input.put("channels", in.channels());
      input.put("encoding", in.encoding().name().toLowerCase());
      input.put("rule", describeTable(in));
      doc.put("input", input);
      doc.put("classes", net.classes());
      doc.put("readout", net.output().readout().json());
      doc.put("layers", layers);
      doc.put("totals", figures(stats.total()));
      common.printJson(doc);
      return ExitCodes.OK;
    }
    var out = common.out();
    out.printf("model     %s%n", model);
    out.printf("format    %s%n", Network.FORMAT);
    out.printf("name      %s%n", net.name());
    out.printf("hash      %s%n", hash);
    if (!net.metadata().isEmpty()) {
      out.println("metadata");
      int w = net.metadata().keySet().stream().mapToInt(String::length).max().orElse(0);
      for (var m : net.metadata().entrySet()) out.printf("  %-" + w + "s  %s%n", m.getKey(), oneLine(m.getValue()));
    }
    out.printf("input     %dx%dx%d pixels, %s: %s%n", in.height(), in.width(), in.channels(), in.encoding().name().toLowerCase(), describeTable(in));
    out.printf("output    %d classes, readout %s%n", net.classes(), net.output().readout().json());
    out.println();
    Table t = new Table("layer", "kind", "in", "out", "K", "params", "size", "BOPs", "non-binary ops");
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> e = layers.get(i);
      NetworkStats.LayerStats s = stats.layers().get(i);
      t.row(e.get("name"), e.get("kind"), e.get("inShape"), e.get("outShape"), e.getOrDefault("k", "-"),
          count(s.params()), bytes(s.storageBits()), count(s.binaryOps()), count(s.nonBinaryOps()));
    }
    NetworkStats.LayerStats total = stats.total();
    t.row("total", "", "", "", "", count(total.params()), bytes(total.storageBits()), count(total.binaryOps()), count(total.nonBinaryOps()));
    t.print(out);
    out.printf("%nper image: %s BOPs + %s non-binary ops = %s OPs (BOPs/64 + non-binary, docs/stats.md)%n",
        count(total.binaryOps()), count(total.nonBinaryOps()), count(Math.round(total.ops())));
    out.flush();
    return ExitCodes.OK;
  }

  /** The statistics of one layer (or the totals) under their glossary keys. */
  static Map<String, Object> figures(NetworkStats.LayerStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("binaryWeights", s.binaryWeights());
    m.put("integerWeights", s.integerWeights());
    m.put("thresholds", s.thresholds());
    m.put("otherParams", s.otherParams());
    m.put("params", s.params());
    m.put("storageBits", s.storageBits());
    m.put("bops", s.binaryOps());
    m.put("nonBinaryOps", s.nonBinaryOps());
    m.put("ops", s.ops());
    return m;
  }

  /** 1234567 → "1,234,567". */
  static String count(long n) { return String.format("%,d", n); }

  /** Storage in bytes with a binary unit: "35.6 KiB". */
  static String bytes(long bits) {
    long b = (bits + 7) / 8;
    if (b < 1024) return b + " B";
    if (b < 1024 * 1024) return String.format("%.1f KiB", b / 1024.0);
    return String.format("%.2f MiB", b / (1024.0 * 1024));
  }

  /** The input table in words: a threshold when it is one, else its range. */
  static String describeTable(InputSpec in) {
    int[] table = in.table();
    if (in.encoding() == InputSpec.Encoding.BITS) {
      int first = -1;
      boolean step = true;
      for (int p = 0; p < 256; p++) {
        if (table[p] == 1 && first < 0) first = p;
        if (first >= 0 && table[p] == 0) step = false;
      }
      if (first < 0) return "bit 0 for every pixel";
      if (step) return "bit 1 iff pixel >= " + first;
      return "custom table of bits";
    }
    return "code " + table[0] + " for pixel 0 .. " + table[255] + " for pixel 255";
  }

  /** A metadata value on one table line: line breaks shown as " | ", long values cut with "...". */
  static String oneLine(String v) {
    String s = v.strip().replace("\r\n", "\n").replace("\n", " | ");
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }
}
