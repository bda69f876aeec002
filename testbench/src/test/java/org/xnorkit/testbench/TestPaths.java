package org.xnorkit.testbench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the project root and keep their (git-ignored) Verilator build cache. */
final class TestPaths {
  private TestPaths() {}

  static Path root() {
    String prop = System.getProperty("xnorkit.root");
    if (prop != null && Files.exists(Path.of(prop, "pom.xml"))) return Path.of(prop).toAbsolutePath();
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (p != null) {
      if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("testbench"))) return p;
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find the xnorkit project root (set -Dxnorkit.root)");
  }

  /** The shared Verilator build cache of the tests: builds are keyed by content, so sharing is safe. */
  static Path verilatorCache() { return root().resolve(".xnorkit").resolve("verilator-cache"); }
}
