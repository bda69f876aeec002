package org.xnorkit.driver;

import java.nio.file.Path;
import org.xnorkit.model.io.ProjectRoot;

/** Where the driver keeps what it builds (harness executables, the native microbenchmark): never in git. */
public final class CacheDirs {
  private CacheDirs() {}

  /**
   * {@code $XNORKIT_CACHE/NAME} when set, else {@code .xnorkit/NAME} in the project (git-ignored),
   * else {@code ~/.cache/xnorkit/NAME}.
   */
  public static Path of(String name) {
    String env = System.getenv("XNORKIT_CACHE");
    if (env != null && !env.isBlank()) return Path.of(env, name);
    return ProjectRoot.find().map(r -> r.resolve(".xnorkit").resolve(name))
        .orElse(Path.of(System.getProperty("user.home"), ".cache", "xnorkit", name));
  }
}
