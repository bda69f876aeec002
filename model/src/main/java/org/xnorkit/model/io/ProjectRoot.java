package org.xnorkit.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The xnorkit checkout a process runs in: the directory holding the root {@code pom.xml}. Shared
 * inputs live beside it in {@code ../shared}. Found from the system property {@code xnorkit.root}
 * (set by surefire and by the {@code ./xnorkit} launcher), else by walking up from the working
 * directory.
 */
public final class ProjectRoot {
  private ProjectRoot() {}

  public static final String PROPERTY = "xnorkit.root";

  /** The project root, if one can be found. */
  public static Optional<Path> find() {
    String prop = System.getProperty(PROPERTY);
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop).toAbsolutePath().normalize();
      if (isRoot(p)) return Optional.of(p);
    }
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize(); p != null; p = p.getParent())
      if (isRoot(p)) return Optional.of(p);
    return Optional.empty();
  }

  /** The project root, or an IllegalStateException saying how to set it. */
  public static Path require() {
    return find().orElseThrow(() -> new IllegalStateException(
        "cannot find the xnorkit project root (the directory with the parent pom.xml): run from inside the checkout or set -D" + PROPERTY + "=DIR"));
  }

  /** {@code ../shared} beside the project root (datasets/, bnn-pynq/). */
  public static Path shared() { return require().resolveSibling("shared"); }

  private static boolean isRoot(Path dir) {
    Path pom = dir.resolve("pom.xml");
    if (!Files.isRegularFile(pom)) return false;
    try {
      return Files.readString(pom).contains("<artifactId>xnorkit-parent</artifactId>");
    } catch (IOException e) {
      return false;
    }
  }
}
