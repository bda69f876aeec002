package org.xnorkit.model.bnnpynq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.FixedFormat;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.HwLayer;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.Kind;
import org.xnorkit.model.bnnpynq.BnnPynqConfig.Stage;

/**
 * Reads the parts of a BNN-PYNQ {@code config.h} and {@code top.cpp} that define the network:
 * the {@code #define L<i>_*} values, the stage sequence in {@code DoCompute}, the input slice type
 * of each layer, the {@code ThresholdsActivation} storage types, the fixed-point reinterpretation
 * in {@code DoMemInit} and {@code inBits}. It is not a C++ parser: it reads the shapes finnthesizer
 * and the BNN-PYNQ sources use, and names the file and layer when something else turns up.
 */
public final class BnnPynqSourceParser {
  private static final Pattern DEFINE = Pattern.compile("^\\s*#define\\s+L(\\d+)_([A-Z_]+)\\s+(-?\\d+)\\s*$", Pattern.MULTILINE);
  private static final Pattern CALL = Pattern.compile("\\b(ConvLayer_Batch|StreamingFCLayer_Batch|StreamingMaxPool_Batch)\\s*<");
  private static final Pattern THRESH_DECL = Pattern.compile("\\bThresholdsActivation\\s*<");
  private static final Pattern THRESH_NAME = Pattern.compile("^\\s*(threshs(\\d+))\\s*[;=]");
  private static final Pattern REINTERPRET = Pattern.compile(
      "threshs(\\d+)\\s*\\.\\s*m_thresholds(?:\\s*\\[[^\\]]*\\])+\\s*=\\s*\\*\\s*reinterpret_cast\\s*<\\s*ap_fixed\\s*<\\s*(\\d+)\\s*,\\s*(\\d+)\\s*>");
  private static final Pattern FIXED = Pattern.compile("ap_fixed\\s*<\\s*(\\d+)\\s*,\\s*(\\d+)");
  private static final Pattern INT = Pattern.compile("^\\s*ap_int\\s*<\\s*(\\d+)\\s*>\\s*$");
  private static final Pattern LAYER_MACRO = Pattern.compile("^\\s*L(\\d+)_([A-Z_]+)\\s*$");
  private static final Pattern NUMBER = Pattern.compile("^\\s*(\\d+)\\s*$");
  private static final Pattern IN_BITS = Pattern.compile("\\binBits\\s*=\\s*([0-9\\s*]+);");

  private final String configName;
  private final String topName;
  private final Map<Integer, Map<String, Integer>> defines = new TreeMap<>();

  private BnnPynqSourceParser(String configName, String topName) {
    this.configName = configName;
    this.topName = topName;
  }

  /**
   * Parses the two sources. {@code configName} and {@code topName} name the files in errors.
   *
   * @throws ModelException naming the file and the hardware layer of the first problem
   */
  public static BnnPynqConfig parse(String configText, String configName, String topText, String topName) {
    return new BnnPynqSourceParser(configName, topName).run(configText, topText);
  }

  private BnnPynqConfig run(String configText, String topText) {
    Matcher m = DEFINE.matcher(configText);
    while (m.find()) {
      int layer = Integer.parseInt(m.group(1));
      Integer old = defines.computeIfAbsent(layer, k -> new TreeMap<>()).put(m.group(2), Integer.parseInt(m.group(3)));
      if (old != null) throw configError("L" + layer, "L" + layer + "_" + m.group(2) + " is defined twice");
    }
    if (defines.isEmpty()) throw configError(null, "no #define L<i>_... lines found: not a finnthesizer config.h");
    for (int i = 0; i < defines.size(); i++)
      if (!defines.containsKey(i)) throw configError("L" + i, "layers must be numbered 0.." + (defines.size() - 1) + " but L" + i + " is missing");

    String top = stripComments(topText);
    Map<Integer, FixedFormat> storeTypes = thresholdStoreTypes(top);
    Map<Integer, Integer> fileFracs = new TreeMap<>();
    Matcher r = REINTERPRET.matcher(top);
    while (r.find()) {
      int bits = Integer.parseInt(r.group(2)), intBits = Integer.parseInt(r.group(3));
      fileFracs.put(Integer.parseInt(r.group(1)), bits - intBits);
    }

    String body = functionBody(top, "DoCompute");
    List<Stage> stages = new ArrayList<>();
    List<HwLayer> layers = new ArrayList<>();
    for (int i = 0; i < defines.size(); i++) layers.add(null);
    Matcher c = CALL.matcher(body);
    int from = 0;
    while (c.find(from)) {
      String fn = c.group(1);
      int[] end = new int[1];
      List<String> targs = splitTopLevel(enclosed(body, c.end() - 1, '<', '>', end, fn));
      int paren = skipSpaces(body, end[0]);
      if (paren >= body.length() || body.charAt(paren) != '(') throw topError(null, fn + ": expected '(' after the template arguments");
      String cargs = enclosed(body, paren, '(', ')', end, fn);
      from = end[0];
      if (fn.equals("StreamingMaxPool_Batch")) {
        if (targs.size() < 3) throw topError(null, fn + " needs <ImgDim, PoolDim, NumChannels>, found " + targs);
        stages.add(Stage.pool(resolve(targs.get(0), fn), resolve(targs.get(1), fn), resolve(targs.get(2), fn)));
        continue;
      }
      Kind kind = fn.equals("ConvLayer_Batch") ? Kind.CONV : Kind.FC;
      int idx = layerIndexOf(targs.get(0), fn);
      if (idx >= layers.size()) throw topError("L" + idx, fn + " uses L" + idx + " but config.h defines only L0..L" + (layers.size() - 1));
      if (layers.get(idx) != null) throw topError("L" + idx, "L" + idx + " appears twice in DoCompute");
      HwLayer hw = layer(idx, kind, targs, cargs, storeTypes, fileFracs);
      layers.set(idx, hw);
      stages.add(Stage.compute(kind, idx));
    }
    for (int i = 0; i < layers.size(); i++)
      if (layers.get(i) == null) throw topError("L" + i, "config.h defines L" + i + " but DoCompute does not use it");

    Matcher in = IN_BITS.matcher(body);
    if (!in.find()) throw topError(null, "DoCompute has no 'const unsigned int inBits = ...;' giving the input size");
    List<Integer> factors = new ArrayList<>();
    for (String f : in.group(1).split("\\*")) factors.add(Integer.parseInt(f.trim()));
    HwLayer first = layers.get(stages.get(0).layer());
    int bitsPerElement = first.input() == null ? 1 : first.input().bits();
    if (bitsPerElement > 1) {
      if (factors.size() < 2 || factors.get(factors.size() - 1) != bitsPerElement)
        throw topError(first.hwName(), "inBits = " + in.group(1).trim() + " should end with '* " + bitsPerElement
            + "', the bits of the " + first.input() + " input elements");
      factors.remove(factors.size() - 1);
    }
    return new BnnPynqConfig(layers, stages, factors);
  }

  private HwLayer layer(int idx, Kind kind, List<String> targs, String cargs, Map<Integer, FixedFormat> storeTypes, Map<Integer, Integer> fileFracs) {
    String hw = "L" + idx;
    String fn = kind == Kind.CONV ? "ConvLayer_Batch" : "StreamingFCLayer_Batch";
    List<String> names = kind == Kind.CONV ? List.of("K", "IFM_CH", "IFM_DIM", "OFM_CH", "OFM_DIM", "SIMD", "PE") : List.of("MW", "MH", "SIMD", "PE");
    if (targs.size() < names.size()) throw topError(hw, fn + " needs at least " + names.size() + " template arguments, found " + targs.size());
    for (int i = 0; i < names.size(); i++) {
      Matcher m = LAYER_MACRO.matcher(targs.get(i));
      if (!m.matches() || Integer.parseInt(m.group(1)) != idx || !m.group(2).equals(names.get(i)))
        throw topError(hw, fn + " template argument " + (i + 1) + " is '" + targs.get(i).trim() + "', expected " + hw + "_" + names.get(i));
    }
    FixedFormat input = null;
    String types = String.join(",", targs.subList(names.size(), targs.size()));
    Matcher fx = FIXED.matcher(types);
    if (fx.find()) input = new FixedFormat(Integer.parseInt(fx.group(1)), Integer.parseInt(fx.group(2)));
    else if (!types.contains("XnorMul")) throw topError(hw, fn + ": cannot tell the input type (neither Recast<XnorMul> nor Slice<ap_fixed<...>>) in " + types.trim());
    boolean passThrough = cargs.contains("PassThroughActivation");
    if (!passThrough && !cargs.matches("(?s).*\\bthreshs" + idx + "\\b.*"))
      throw topError(hw, fn + " for " + hw + " uses neither threshs" + idx + " nor PassThroughActivation");
    FixedFormat store = storeTypes.get(idx);
    if (!passThrough && store == null) throw topError(hw, "no 'ThresholdsActivation<...> threshs" + idx + ";' declaration");
    int simd = get(idx, "SIMD"), pe = get(idx, "PE"), wmem = get(idx, "WMEM"), tmem = get(idx, "TMEM"), api = get(idx, "API");
    if (kind == Kind.CONV) {
      int k = get(idx, "K"), ich = get(idx, "IFM_CH"), idim = get(idx, "IFM_DIM"), och = get(idx, "OFM_CH"), odim = get(idx, "OFM_DIM");
      return new HwLayer(idx, kind, simd, pe, wmem, tmem, k * k * ich, och, k, ich, idim, och, odim, api, input, passThrough, store, fileFracs.getOrDefault(idx, 0));
    }
    return new HwLayer(idx, kind, simd, pe, wmem, tmem, get(idx, "MW"), get(idx, "MH"), 0, 0, 0, 0, 0, api, input, passThrough, store, fileFracs.getOrDefault(idx, 0));
  }

  /** {@code ThresholdsActivation<TMEM, PE, API, TYPE, ...> threshsN;} → N → TYPE. */
  private Map<Integer, FixedFormat> thresholdStoreTypes(String top) {
    Map<Integer, FixedFormat> out = new TreeMap<>();
    Matcher m = THRESH_DECL.matcher(top);
    int from = 0;
    while (m.find(from)) {
      int[] end = new int[1];
      List<String> args = splitTopLevel(enclosed(top, m.end() - 1, '<', '>', end, "ThresholdsActivation"));
      from = end[0];
      Matcher name = THRESH_NAME.matcher(top.substring(end[0], Math.min(top.length(), end[0] + 200)));
      if (!name.find()) continue; // a use of the type, not a declaration of a layer's thresholds
      int idx = Integer.parseInt(name.group(2));
      if (args.size() < 4) throw topError("L" + idx, "ThresholdsActivation of threshs" + idx + " needs <TMEM, PE, API, TA, ...>, found " + args);
      String t = args.get(3);
      Matcher i = INT.matcher(t), f = FIXED.matcher(t);
      FixedFormat type;
      if (i.matches()) type = new FixedFormat(Integer.parseInt(i.group(1)), Integer.parseInt(i.group(1)));
      else if (f.find()) type = new FixedFormat(Integer.parseInt(f.group(1)), Integer.parseInt(f.group(2)));
      else throw topError("L" + idx, "threshold type '" + t.trim() + "' of threshs" + idx + " is neither ap_int<b> nor ap_fixed<b, i>");
      out.put(idx, type);
    }
    return out;
  }

  private int get(int layer, String key) {
    Integer v = defines.get(layer).get(key);
    if (v == null) throw configError("L" + layer, "L" + layer + "_" + key + " is not defined");
    return v;
  }

  private int resolve(String arg, String fn) {
    Matcher n = NUMBER.matcher(arg);
    if (n.matches()) return Integer.parseInt(n.group(1));
    Matcher m = LAYER_MACRO.matcher(arg);
    if (!m.matches()) throw topError(null, fn + ": template argument '" + arg.trim() + "' is neither a number nor an L<i>_ macro");
    int layer = Integer.parseInt(m.group(1));
    if (!defines.containsKey(layer)) throw topError("L" + layer, fn + " uses " + arg.trim() + " but config.h has no L" + layer);
    return get(layer, m.group(2));
  }

  private int layerIndexOf(String arg, String fn) {
    Matcher m = LAYER_MACRO.matcher(arg);
    if (!m.matches()) throw topError(null, fn + ": first template argument '" + arg.trim() + "' is not an L<i>_ macro");
    return Integer.parseInt(m.group(1));
  }

  /** The text between the bracket at {@code open} and its match; {@code end[0]} receives the index after the match. */
  private String enclosed(String s, int open, char o, char c, int[] end, String what) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == o) depth++;
      else if (ch == c && --depth == 0) {
        end[0] = i + 1;
        return s.substring(open + 1, i);
      }
    }
    throw topError(null, what + ": unbalanced '" + o + "'");
  }

  /** Splits at commas outside any {@code <>} or {@code ()}. */
  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0, start = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '<' || ch == '(') depth++;
      else if (ch == '>' || ch == ')') depth--;
      else if (ch == ',' && depth == 0) { out.add(s.substring(start, i)); start = i + 1; }
    }
    out.add(s.substring(start));
    return out;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  private String functionBody(String s, String name) {
    Matcher m = Pattern.compile("\\bvoid\\s+" + name + "\\s*\\(").matcher(s);
    if (!m.find()) throw topError(null, "no function 'void " + name + "(...)'");
    int brace = s.indexOf('{', m.end());
    if (brace < 0) throw topError(null, name + " has no body");
    int[] end = new int[1];
    return enclosed(s, brace, '{', '}', end, name);
  }

  /** Removes comments, keeping line structure so that nothing commented out is mistaken for code. */
  static String stripComments(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("//", i)) { while (i < s.length() && s.charAt(i) != '\n') i++; }
      else if (s.startsWith("/*", i)) {
        int e = s.indexOf("*/", i + 2);
        e = e < 0 ? s.length() : e + 2;
        for (int j = i; j < e; j++) if (s.charAt(j) == '\n') sb.append('\n');
        i = e;
      } else sb.append(s.charAt(i++));
    }
    return sb.toString();
  }

  private ModelException configError(String layer, String msg) { return new ModelException(configName, "", layer, msg, null); }
  private ModelException topError(String layer, String msg) { return new ModelException(topName, "", layer, msg, null); }
}
