package org.xnorkit.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.xnorkit.model.ExternalToolException;

/**
 * Builds a design and its harness into a simulator executable with Verilator, and caches it by
 * a hash of everything the executable depends on: the HDL sources (memory files are read at run
 * time, so designs that differ only in weights share a build), the harness sources, the flags and
 * the Verilator version. One build then serves any number of seeds and image sets.
 *
 * <p>The cache is a directory (git-ignored {@code .xnorkit/} in the project): {@code <hash>/sim}
 * plus its build log. An entry is built in a temporary directory and moved into place in one
 * step, so concurrent builds of the same design and crashed builds never leave a half entry.
 */
public final class VerilatorBuild {
  /** Flags of every build, one per line with its reason. */
  static final List<String> FLAGS = List.of(
      "--cc", "--exe", "--build",              // verilate, then compile and link the harness with make
      "-j", "2",                               // CI and this machine have 2 cores
      "--x-assign", "unique",                  // explicit X assignments become values chosen at run time...
      "--x-initial", "unique",                 // ...as do initial values, so +verilator+seed+ changes them
      "+define+ENABLE_INITIAL_MEM_",           // firtool guards $readmemh (the weights) with this define
      "-Wno-fatal");                           // warnings are the lint gate's job (VerilatorLint), not the build's

  private final Path cacheDir;

  public VerilatorBuild(Path cacheDir) { this.cacheDir = cacheDir.toAbsolutePath().normalize(); }

  public Path cacheDir() { return cacheDir; }

  /**
   * The default cache: {@code $XNORKIT_CACHE/verilator} when set, else {@code .xnorkit/verilator-cache}
   * in the project (git-ignored; the launcher passes the project root as {@code xnorkit.root}),
   * else {@code ~/.cache/xnorkit/verilator}.
   */
  public static Path defaultCacheDir() {
    String env = System.getenv("XNORKIT_CACHE");
    if (env != null && !env.isBlank()) return Path.of(env, "verilator");
    String root = System.getProperty("xnorkit.root");
    if (root != null && Files.isDirectory(Path.of(root))) return Path.of(root, ".xnorkit", "verilator-cache");
    return Path.of(System.getProperty("user.home"), ".cache", "xnorkit", "verilator");
  }

  /** A built (or cached) simulator. */
  public record Result(VerilatorSimulator simulator, boolean cached, double seconds, String key) {}

  /** Builds (or finds in the cache) the simulator of {@code design} with the harness for {@code config}. */
  public Result build(DesignFiles design, HarnessConfig config) {
    // A debug build makes only its probes' signals public (a configuration file), not every
    // signal: --public-flat-rw on a whole design multiplies the C++ compile time.
    String vlt = config.debug() ? HarnessSource.publicSignals(config) : "";
    Executable e = buildExecutable(design, config.top(),
        java.util.Map.of(HarnessSource.DRIVER, HarnessSource.driver(), HarnessSource.HEADER, HarnessSource.header(config)),
        HarnessSource.DRIVER, vlt);
    return new Result(new VerilatorSimulator(e.path(), config), e.cached(), e.seconds(), e.key());
  }

  /** A built (or cached) executable of some harness. */
  public record Executable(Path path, boolean cached, double seconds, String key) {}

  /**
   * Builds (or finds in the cache) {@code design} with top {@code top} and a C++ harness: the
   * files {@code harness} (name → source; headers are found by the driver's {@code #include}),
   * {@code driver} the one to compile, {@code vlt} a Verilator configuration file (empty: none).
   */
  public Executable buildExecutable(DesignFiles design, String top, Map<String, String> harness, String driver, String vlt) {
    Path verilator = ExternalTool.require("verilator", "install it: apt-get install verilator");
    String version = ExternalTool.output(List.of(verilator.toString(), "--version")).strip();
    List<String> flags = new ArrayList<>(FLAGS);
    StringBuilder harnessText = new StringBuilder();
    for (String name : new java.util.TreeSet<>(harness.keySet()))
      harnessText.append(name).append('\u0000').append(harness.get(name)).append('\u0000');
    String key = key(design, top, driver, harnessText + vlt, flags, version);
    Path entry = cacheDir.resolve(key);
    Path exe = entry.resolve("sim");
    if (Files.isExecutable(exe)) return new Executable(exe, true, 0, key);

    long start = System.nanoTime();
    Path tmp = null;
    try {
      Files.createDirectories(cacheDir);
      tmp = Files.createTempDirectory(cacheDir, "build-");
      Path staged = Files.createDirectory(tmp.resolve("entry"));
      Path src = Files.createDirectory(tmp.resolve("harness"));
      for (Map.Entry<String, String> f : harness.entrySet()) Files.writeString(src.resolve(f.getKey()), f.getValue());
      List<String> cmd = new ArrayList<>();
      cmd.add(verilator.toString());
      cmd.addAll(flags);
      if (!vlt.isEmpty()) {
        Files.writeString(src.resolve("probes.vlt"), vlt);
        cmd.add(src.resolve("probes.vlt").toString());
      }
      cmd.addAll(List.of("--top-module", top, "-Mdir", tmp.resolve("obj").toString(),
          "-o", staged.resolve("sim").toString(), "-CFLAGS", "-I" + src));
      for (Path p : design.sources()) cmd.add(p.toString());
      cmd.add(src.resolve(driver).toString());
      Path log = staged.resolve("build.log");
      // ccache through Verilator's makefile variable: rebuilds of unchanged objects cost nothing.
      Map<String, String> env = ExternalTool.available("ccache") ? Map.of("OBJCACHE", "ccache") : Map.of();
      int rc = ExternalTool.run(cmd, design.dir(), env, log);
      if (rc != 0 || !Files.isExecutable(staged.resolve("sim")))
        throw new ExternalToolException("Verilator build of " + design.dir() + " failed (exit " + rc + "):\n" + ExternalTool.tail(log, 30));
      try {
        Files.move(staged, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
        // another build of the same key won the race: its entry is as good as ours
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Executable(exe, false, seconds, key);
    } catch (IOException e) {
      throw new UncheckedIOException("Verilator build in " + cacheDir + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) deleteTree(tmp);
    }
  }

  /** The cache key: SHA-256 over versions, flags, harness sources and the HDL sources (name and bytes). */
  static String key(DesignFiles design, String top, String driver, String header, List<String> flags, String version) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      field(md, "xnorkit-verilator-build/1");
      field(md, version);
      field(md, String.join("\u0000", flags));
      field(md, top);
      field(md, driver);
      field(md, header);
      for (Path p : design.sources()) {
        field(md, design.dir().relativize(p).toString());
        byte[] b = design.read(p);
        field(md, Integer.toString(b.length));
        md.update(b);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
    md.update((byte) ':');
    md.update(b);
  }

  static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary directory is harmless; the cache never reads build-* directories
    }
  }
}
