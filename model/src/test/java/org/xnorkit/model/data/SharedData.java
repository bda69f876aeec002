package org.xnorkit.model.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.xnorkit.model.io.ProjectRoot;

/** ../shared/datasets for tests: a missing file fails the test (it is never skipped). */
final class SharedData {
  private SharedData() {}

  static Path datasets() {
    Path dir = ProjectRoot.shared().resolve("datasets");
    assertTrue(Files.isDirectory(dir), "the shared test data " + dir + " is missing (../shared/datasets beside the project root)");
    return dir;
  }

  static Path file(String relative) {
    Path f = datasets().resolve(relative);
    assertTrue(Files.isRegularFile(f), "the shared test data file " + f + " is missing");
    return f;
  }
}
