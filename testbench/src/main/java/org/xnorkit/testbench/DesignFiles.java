package org.xnorkit.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The HDL sources of a generated design directory, in compile order: the entries of its
 * {@code filelist.f} (one path per line, relative to the directory; blank lines and {@code //}
 * or {@code #} comments skipped), or else every {@code .sv} and {@code .v} file, sorted by name.
 * Memory files are not sources: the simulators read them at run time, relative to the design
 * directory, which is why every simulation runs with the design directory as working directory.
 */
public record DesignFiles(Path dir, List<Path> sources) {
  public static final String FILELIST = "filelist.f";

  public DesignFiles {
    dir = dir.toAbsolutePath().normalize();
    sources = List.copyOf(sources);
  }

  public static DesignFiles of(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "design directory not found");
    Path list = dir.resolve(FILELIST);
    List<Path> sources = new ArrayList<>();
    if (Files.exists(list)) {
      int lineNo = 0;
      for (String line : Files.readAllLines(list)) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("//") || t.startsWith("#")) continue;
        if (t.startsWith("-") || t.startsWith("+"))
          throw new IllegalArgumentException(list + ":" + lineNo + ": tool options (" + t + ") are not supported in a design file list");
        // compare absolute paths: with a relative dir every listed file looked "outside" it
        Path base = dir.toAbsolutePath().normalize(), p = base.resolve(t).normalize();
        if (!p.startsWith(base) && !Path.of(t).isAbsolute())
          throw new IllegalArgumentException(list + ":" + lineNo + ": '" + t + "' is outside the design directory");
        if (!Files.isRegularFile(p)) throw new NoSuchFileException(p.toString(), null, "listed in " + list + " line " + lineNo);
        sources.add(p);
      }
    } else {
      try (Stream<Path> s = Files.list(dir)) {
        s.filter(p -> p.getFileName().toString().endsWith(".sv") || p.getFileName().toString().endsWith(".v")).sorted().forEach(sources::add);
      }
    }
    if (sources.isEmpty()) throw new NoSuchFileException(dir.toString(), null, "no HDL sources (no filelist.f, no .sv/.v files)");
    return new DesignFiles(dir, sources);
  }

  /** Reads a source; I/O problems become unchecked, naming the file. */
  byte[] read(Path source) {
    try {
      return Files.readAllBytes(source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }
}
