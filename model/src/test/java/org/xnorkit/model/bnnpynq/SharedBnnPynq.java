package org.xnorkit.model.bnnpynq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.xnorkit.model.io.ProjectRoot;

/** ../shared/bnn-pynq for tests: a missing directory fails the test (it is never skipped). */
final class SharedBnnPynq {
  private SharedBnnPynq() {}

  static Path root() {
    Path dir = ProjectRoot.shared().resolve("bnn-pynq");
    assertTrue(Files.isDirectory(dir), "the shared BNN-PYNQ networks " + dir + " are missing (../shared/bnn-pynq beside the project root)");
    return dir;
  }

  static Path net(String name) {
    Path dir = root().resolve(name);
    assertTrue(Files.isDirectory(dir), "the shared BNN-PYNQ network " + dir + " is missing");
    return dir;
  }

  /** MANIFEST.sha256 entries of one network directory: file name → hex SHA-256. */
  static Map<String, String> manifest(String net) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String line : Files.readAllLines(root().resolve("MANIFEST.sha256"))) {
      String[] parts = line.trim().split("\\s+", 2);
      if (parts.length != 2) continue;
      String path = parts[1].startsWith("./") ? parts[1].substring(2) : parts[1];
      if (path.startsWith(net + "/")) out.put(path.substring(net.length() + 1), parts[0]);
    }
    assertTrue(!out.isEmpty(), "MANIFEST.sha256 lists no files of " + net);
    return out;
  }
}
