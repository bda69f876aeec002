package org.xnorkit.testbench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xnorkit.model.ExternalToolException;

/**
 * Runs the external programs of verification (verilator, make, the built harness, iverilog, vvp)
 * with their output captured in a log file, and turns a missing program or a crash into an
 * {@link ExternalToolException} that names the program and shows the end of its log.
 */
final class ExternalTool {
  private ExternalTool() {}

  /** Absolute path of {@code program} on PATH, or an exception saying how to install it. */
  static Path require(String program, String installHint) {
    String path = System.getenv("PATH");
    if (path != null)
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path p = Path.of(dir, program);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
      }
    throw new ExternalToolException(program + " not found on PATH (" + installHint + ")");
  }

  static boolean available(String program) {
    try {
      require(program, "");
      return true;
    } catch (ExternalToolException e) {
      return false;
    }
  }

  /** Runs {@code command} in {@code workDir}, stdout and stderr into {@code log}; returns the exit status. */
  static int run(List<String> command, Path workDir, Map<String, String> env, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      return p.waitFor();
    } catch (IOException e) {
      throw new ExternalToolException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalToolException("interrupted while running " + command.get(0), e);
    }
  }

  /** Runs and captures the whole output as a string (small commands such as --version). */
  static String output(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      if (rc != 0) throw new ExternalToolException(String.join(" ", command) + " exited with " + rc + ": " + out.strip());
      return out;
    } catch (IOException e) {
      throw new ExternalToolException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExternalToolException("interrupted while running " + command.get(0), e);
    }
  }

  /** The last {@code lines} lines of a log, for error messages. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }
}
