package org.xnorkit.hwgen.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.LayerEstimate;
import org.xnorkit.model.ExternalToolException;
import org.xnorkit.model.ModelException;

/**
 * Runs Yosys over a generated design folder (one hierarchical run: the target's synth command
 * without flattening) and turns its per-module statistics into per-unit figures. Yosys runs with
 * the design folder as working directory and {@code -DENABLE_INITIAL_MEM_}, so the $readmemh weight
 * files reach it (without the define it would delete the write-less weight memories).
 *
 * <p>Results are cached under {@code cacheRoot/<key>} where the key hashes the target, the script
 * and every file of the design, so a second run of an unchanged design costs nothing.
 */
public final class Yosys {
  /** Bumped whenever the script or the files it writes change, so old cache entries are not reused. */
  static final String SCRIPT_VERSION = "xnorkit-synth/3";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern PASS = Pattern.compile("^(\\d+)\\.(\\d+)?\\.? ?Executing ([A-Z0-9_]+) pass.*");

  private final String executable;
  private final Consumer<String> progress;

  /** @param executable the Yosys binary ("yosys" from the PATH); @param progress receives progress lines */
  public Yosys(String executable, Consumer<String> progress) {
    this.executable = executable;
    this.progress = progress;
  }

  /** The Yosys script for a design (paths of the outputs absolute, design files relative to the design folder). */
  static String script(Manifest m, SynthTarget target, Path outDir) {
    StringBuilder s = new StringBuilder();
    s.append("# ").append(SCRIPT_VERSION).append(" ").append(target.id()).append('\n');
    StringBuilder read = new StringBuilder("read_verilog -sv");
    for (String d : m.defines()) read.append(" -D").append(d);
    for (String f : m.files()) read.append(' ').append(quote(f));
    s.append(read).append('\n');
    s.append("hierarchy -check -top ").append(m.top()).append('\n');
    // firtool puts each read-write SyncReadMem (the sliding-window units' line buffers) in a module of
    // its own, mem_<depth>x<width>, with separate read and write clock ports. Synthesized apart, Yosys
    // cannot tell the two clocks are one, so it cannot take the registered read address into a block
    // RAM port and leaves them to LUTRAM whatever their size. Inline those modules into their units,
    // as a vendor flow that flattens sees them; every other module keeps its hierarchy.
    s.append("setattr -mod -set keep_hierarchy 1 *\nsetattr -mod -unset keep_hierarchy mem_*\nflatten\n")
        .append("setattr -mod -unset keep_hierarchy *\nhierarchy -top ").append(m.top()).append('\n');
    // Weight memories are ROMs (initialised, never written). Left alone, Yosys builds ROMs of a few
    // Kbit from LUTs; a vendor flow puts them in block RAM, so ask for that from 2 Kbit per PE on.
    // firtool names each PE's memory module after the Chisel value holding it and the memory's name,
    // <value>_<layer>_w_pe<p>_<depth>x<width> (weights_..., partial_...): match the memory's part.
    for (Manifest.Layer l : m.layers())
      if (l.pe() > 0 && weightMemoryBits(l) >= BLOCK_RAM_MIN_BITS)
        s.append("setattr -set rom_style \"block\" ").append(quote("*_" + l.name() + "_w_pe*/m:*")).append('\n');
    s.append(target.command()).append(" -top ").append(m.top()).append('\n');
    s.append("write_json ").append(quote(outDir.resolve("netlist.json").toString())).append('\n');
    if (target == SynthTarget.ICE40) // nextpnr wants one flat module
      s.append("flatten\nwrite_json ").append(quote(outDir.resolve("flat.json").toString())).append('\n');
    return s.toString();
  }

  /** Weight memories of at least this many bits per PE are asked to go to block RAM (the cost model counts them so). */
  public static final int BLOCK_RAM_MIN_BITS = org.xnorkit.hwgen.plan.CostModel.BLOCK_RAM_MIN_BITS;

  /** Bits of one PE's weight memory: max(2, nf·sf) words of simd bits. */
  static long weightMemoryBits(Manifest.Layer l) { return (long) Math.max(2, l.nf() * l.sf()) * l.simd(); }

  private static String quote(String s) { return s.matches("[A-Za-z0-9_./+*:-]+") ? s : "\"" + s.replace("\"", "\\\"") + "\""; }

  /** The cache key of a design for a target: SHA-256 over the script (its version, target command, memory directives) and every design file. */
  public static String key(Path design, Manifest m, SynthTarget target) throws IOException {
    MessageDigest md;
    try { md = MessageDigest.getInstance("SHA-256"); } catch (NoSuchAlgorithmException e) { throw new IllegalStateException(e); }
    md.update(script(m, target, Path.of("out")).getBytes(StandardCharsets.UTF_8));
    List<String> names = new ArrayList<>(m.files());
    names.addAll(m.memoryFiles());
    for (String n : names) {
      md.update((n + "\n").getBytes(StandardCharsets.UTF_8));
      md.update(Files.readAllBytes(design.resolve(n)));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Synthesizes {@code design} for {@code target}, or reads the cached result. */
  public SynthReport run(Path design, SynthTarget target, Path cacheRoot) throws IOException {
    Manifest m = Manifest.read(design);
    for (String f : m.files()) if (!Files.isRegularFile(design.resolve(f))) throw new NoSuchFileException(design.resolve(f).toString(), null, "listed in manifest.json");
    for (String f : m.memoryFiles()) if (!Files.isRegularFile(design.resolve(f))) throw new NoSuchFileException(design.resolve(f).toString(), null, "weight memory listed in manifest.json");
    String key = key(design, m, target);
    Path dir = cacheRoot.resolve(target.id() + "-" + key.substring(0, 24));
    boolean cached = Files.isRegularFile(dir.resolve("netlist.json"));
    double seconds = 0;
    String version;
    if (cached) {
      progress.accept("synth: cached result " + dir);
      version = Files.readString(dir.resolve("version.txt"), StandardCharsets.UTF_8).trim();
    } else {
      Files.createDirectories(cacheRoot);
      Path tmp = Files.createTempDirectory(cacheRoot, "run-");
      try {
        version = version();
        Files.writeString(tmp.resolve("version.txt"), version + "\n", StandardCharsets.UTF_8);
        Path ys = tmp.resolve("run.ys");
        Files.writeString(ys, script(m, target, tmp.toAbsolutePath()), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        exec(design, ys.toAbsolutePath(), tmp.resolve("yosys.log").toAbsolutePath(), target);
        seconds = (System.nanoTime() - t0) / 1e9;
        // The finished files become visible at once, under the final name (a crashed run leaves only run-*).
        try {
          Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
          deleteTree(tmp); // another run finished the same design first: its result is as good
        }
      } catch (IOException | RuntimeException e) {
        deleteTree(tmp);
        throw e;
      }
    }
    return parse(design, m, target, key, version, seconds, cached, dir);
  }

  private void exec(Path design, Path ys, Path log, SynthTarget target) throws IOException {
    progress.accept("synth: yosys " + target.command() + " on " + design + " (this can take minutes)");
    Process p;
    try {
      p = new ProcessBuilder(executable, "-l", log.toString(), "-s", ys.toString()).directory(design.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new ExternalToolException("cannot start '" + executable + "' (install Yosys: scripts/setup): " + e.getMessage(), e);
    }
    ArrayDeque<String> tail = new ArrayDeque<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (tail.size() == 20) tail.removeFirst();
        tail.addLast(line);
        Matcher mm = PASS.matcher(line);
        // The synth command's own steps (n.m. Executing X pass); Yosys buffers its output, so they come in bursts.
        if (mm.matches() && mm.group(2) != null) progress.accept("synth: step " + mm.group(1) + "." + mm.group(2) + " " + mm.group(3).toLowerCase());
      }
    }
    int rc;
    try { rc = p.waitFor(); } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ExternalToolException("yosys interrupted", e);
    }
    if (rc != 0)
      throw new ExternalToolException("yosys failed (exit " + rc + ") on " + design + ":\n  " + String.join("\n  ", tail));
  }

  /** The first line of {@code yosys -V}. */
  public String version() throws IOException {
    try {
      Process p = new ProcessBuilder(executable, "-V").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return v.lines().findFirst().orElse("yosys");
    } catch (IOException e) {
      throw new ExternalToolException("cannot start '" + executable + "' (install Yosys: scripts/setup): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalToolException("yosys interrupted", e);
    }
  }

  /** Per-unit figures from the run's netlist.json. */
  static SynthReport parse(Path design, Manifest m, SynthTarget target, String key, String version, double seconds, boolean cached, Path dir)
      throws IOException {
    // Cell counts from the netlist (write_json is strict JSON; Yosys 0.23's "stat -json" does not escape every name).
    JsonNode netlist;
    try (var in = Files.newInputStream(dir.resolve("netlist.json"))) { netlist = MAPPER.readTree(in); }
    Map<String, Map<String, Long>> leaf = new TreeMap<>();
    Map<String, Map<String, Long>> children = new TreeMap<>();
    JsonNode mods = netlist.path("modules");
    for (Iterator<Map.Entry<String, JsonNode>> it = mods.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode attrs = e.getValue().path("attributes");
      if (attrs.has("blackbox") || attrs.has("whitebox")) continue; // cell library models, not design modules
      leaf.put(e.getKey(), new TreeMap<>());
      children.put(e.getKey(), new TreeMap<>());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = mods.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!leaf.containsKey(e.getKey())) continue;
      for (Iterator<JsonNode> c = e.getValue().path("cells").elements(); c.hasNext(); ) {
        String type = c.next().path("type").asText();
        (leaf.containsKey(type) ? children.get(e.getKey()) : leaf.get(e.getKey())).merge(type, 1L, Long::sum);
      }
    }
    if (!leaf.containsKey(m.top())) throw new ExternalToolException("yosys statistics of " + design + " have no module " + m.top());
    Map<String, Resources> own = new HashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : leaf.entrySet()) own.put(e.getKey(), Resources.of(target, e.getValue()));
    Map<String, Resources> subtree = new HashMap<>();
    Map<String, Integer> depthOwn = LogicDepth.of(netlist, target);
    Map<String, Long> instances = new TreeMap<>();
    count(m.top(), 1, children, instances);
    List<SynthReport.Module> modules = new ArrayList<>();
    for (Map.Entry<String, Long> e : instances.entrySet()) modules.add(new SynthReport.Module(e.getKey(), e.getValue(), own.get(e.getKey())));

    // Per-unit estimates by module; the FIFOs' together (synthesis reports them as one unit).
    Map<String, LayerEstimate> unitEstimates = new HashMap<>();
    LayerEstimate fifoEstimate = null;
    for (Manifest.UnitEstimate u : m.unitEstimates()) {
      LayerEstimate e = new LayerEstimate(0, 0, u.luts(), u.ffs(), u.bram18());
      if (u.module().equals(org.xnorkit.hwgen.plan.UnitEstimate.FIFO)) fifoEstimate = fifoEstimate == null ? e : fifoEstimate.plus(e);
      else unitEstimates.put(u.module(), e);
    }
    Map<String, Manifest.Layer> layers = new HashMap<>();
    for (Manifest.Layer l : m.layers()) layers.put(l.name(), l);
    List<SynthReport.Unit> units = new ArrayList<>();
    Resources fifos = Resources.ZERO;
    int fifoInstances = 0, fifoDepth = 0;
    List<String> fifoModules = new ArrayList<>();
    // Stream order: input, then the MVTUs as the manifest lists the layers, then output; FIFOs together.
    Map<String, Long> top = children.get(m.top());
    Map<String, SynthReport.Unit> byModule = new LinkedHashMap<>();
    for (Map.Entry<String, Long> c : top.entrySet()) {
      String mod = c.getKey();
      int n = c.getValue().intValue();
      Resources r = total(mod, children, own, subtree).times(n);
      int depth = depth(mod, children, depthOwn);
      if (mod.startsWith("Fifo")) {
        fifos = fifos.plus(r);
        fifoInstances += n;
        fifoDepth = Math.max(fifoDepth, depth);
        fifoModules.add(mod);
        continue;
      }
      String name = mod.equals("InputUnit") ? "input" : mod.equals("OutputUnit") ? "output" : mod.startsWith("Mvtu_") ? mod.substring(5) : mod;
      Manifest.Layer l = layers.get(name);
      LayerEstimate est = unitEstimates.containsKey(mod) ? unitEstimates.get(mod)
          : l == null || !mod.startsWith("Mvtu_") || !unitEstimates.isEmpty() ? null // an older manifest: the layer's figure
          : new LayerEstimate(l.cyclesPerImage(), l.latencyCycles(), l.luts(), l.ffs(), l.bram18());
      long wbits = l == null || !mod.startsWith("Mvtu_") ? 0 : (long) l.pe() * l.nf() * l.sf() * l.simd();
      byModule.put(mod, new SynthReport.Unit(name, mod, n, r, est, depth, wbits));
    }
    if (byModule.containsKey("InputUnit")) units.add(byModule.remove("InputUnit"));
    for (Manifest.Layer l : m.layers()) { SynthReport.Unit u = byModule.remove("Mvtu_" + l.name()); if (u != null) units.add(u); }
    SynthReport.Unit outUnit = byModule.remove("OutputUnit");
    units.addAll(byModule.values());
    if (outUnit != null) units.add(outUnit);
    if (fifoInstances > 0) units.add(new SynthReport.Unit("fifos", String.join("+", fifoModules), fifoInstances, fifos, fifoEstimate, fifoDepth, 0));
    Resources glue = own.get(m.top());
    if (glue.cells() > 0) units.add(new SynthReport.Unit("top", m.top(), 1, glue, null, depthOwn.getOrDefault(m.top(), 0), 0));
    Resources all = total(m.top(), children, own, subtree);
    LayerEstimate est = new LayerEstimate(m.cyclesPerImage(), m.latencyCycles(), m.estimate().luts(), m.estimate().ffs(), m.estimate().bram18());
    return new SynthReport(design.toString(), target, key, version, seconds, cached, units, all, est, modules, dir);
  }

  private static Resources total(String mod, Map<String, Map<String, Long>> children, Map<String, Resources> own, Map<String, Resources> memo) {
    Resources r = memo.get(mod);
    if (r != null) return r;
    r = own.get(mod);
    for (Map.Entry<String, Long> c : children.get(mod).entrySet()) r = r.plus(total(c.getKey(), children, own, memo).times(c.getValue()));
    memo.put(mod, r);
    return r;
  }

  private static int depth(String mod, Map<String, Map<String, Long>> children, Map<String, Integer> own) {
    int d = own.getOrDefault(mod, 0);
    for (String c : children.get(mod).keySet()) d = Math.max(d, depth(c, children, own));
    return d;
  }

  private static void count(String mod, long n, Map<String, Map<String, Long>> children, Map<String, Long> out) {
    out.merge(mod, n, Long::sum);
    for (Map.Entry<String, Long> c : children.get(mod).entrySet()) count(c.getKey(), n * c.getValue(), children, out);
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> { try { Files.delete(f); } catch (IOException ignored) { /* best effort */ } });
    } catch (IOException ignored) { /* best effort */ }
  }

  /** Checks a target name, as a ModelException naming the option. */
  public static SynthTarget target(String s) {
    try { return SynthTarget.parse(s); } catch (IllegalArgumentException e) { throw new ModelException("--target", null, e.getMessage()); }
  }


}
