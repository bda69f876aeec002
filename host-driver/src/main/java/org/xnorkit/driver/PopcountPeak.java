package org.xnorkit.driver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnorkit.model.ExternalToolException;

/**
 * This machine's XNOR-popcount peak in binary operations per second, measured by a small C
 * program ({@code popcount_peak.c}, a resource) compiled at run time with
 * {@code gcc -O3 -march=native} (the widest popcount the CPU has) into a cache directory, keyed
 * by the source, the compiler's version and the CPU, so it is compiled once per machine.
 */
public final class PopcountPeak {
  static final String SOURCE = "popcount_peak.c";
  static final List<String> FLAGS = List.of("-O3", "-march=native", "-pthread");

  /** A measurement: all threads together; {@code compiled} says whether this call built the program. */
  public record Peak(double binaryOpsPerSecond, int threads, double seconds, String compiler, String flags, boolean compiled) {}

  private PopcountPeak() {}

  /** Compiles (once) and runs the microbenchmark on {@code threads} threads for about {@code seconds}. */
  public static Peak measure(Path cacheDir, int threads, double seconds) {
    String source = source();
    String gccVersion = run(List.of("gcc", "--version"), 30).lines().findFirst().orElse("gcc");
    String key = hash(source + "\n" + String.join(" ", FLAGS) + "\n" + gccVersion + "\n" + cpuId());
    Path dir = cacheDir.resolve(key);
    Path exe = dir.resolve("popcount_peak");
    boolean compiled = false;
    try {
      if (!Files.isExecutable(exe)) {
        Files.createDirectories(dir);
        Path src = Files.createTempFile(dir, "popcount_peak", ".c");
        Path tmpExe = Files.createTempFile(dir, "popcount_peak", ".tmp");
        try {
          Files.writeString(src, source);
          List<String> cmd = new java.util.ArrayList<>(List.of("gcc"));
          cmd.addAll(FLAGS);
          cmd.addAll(List.of("-o", tmpExe.toString(), src.toString()));
          run(cmd, 120);
          try {
            Files.move(tmpExe, exe, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmpExe, exe, StandardCopyOption.REPLACE_EXISTING);
          }
          compiled = true;
        } finally {
          Files.deleteIfExists(src);
          Files.deleteIfExists(tmpExe);
        }
      }
    } catch (IOException e) {
      throw new ExternalToolException("cannot build the popcount microbenchmark in " + dir + ": " + e.getMessage(), e);
    }
    String out = run(List.of(exe.toString(), Integer.toString(threads), Double.toString(seconds)), (long) (seconds * 10 + 30)).strip();
    String[] f = out.split("\\s+");
    if (f.length < 8 || !f[0].equals("threads") || !f[6].equals("bops"))
      throw new ExternalToolException("the popcount microbenchmark printed something unexpected: " + out);
    return new Peak(Double.parseDouble(f[7]), Integer.parseInt(f[1]), Double.parseDouble(f[5]), gccVersion, String.join(" ", FLAGS), compiled);
  }

  static String source() {
    try (InputStream in = PopcountPeak.class.getResourceAsStream(SOURCE)) {
      if (in == null) throw new IllegalStateException("resource " + SOURCE + " is missing from the host-driver jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CPU's model and feature flags: -march=native code is only valid on the CPU it was built for. */
  private static String cpuId() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name") || l.startsWith("flags")).distinct().reduce("", (a, b) -> a + b + "\n");
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static String hash(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> cmd, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ExternalToolException(cmd.get(0) + " did not finish within " + timeoutSeconds + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) throw new ExternalToolException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + text.strip());
      return text;
    } catch (IOException e) {
      throw new ExternalToolException("cannot run " + cmd.get(0) + " (" + e.getMessage() + "); the CPU peak needs gcc: apt-get install gcc", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalToolException("interrupted while running " + cmd.get(0), e);
    }
  }
}
