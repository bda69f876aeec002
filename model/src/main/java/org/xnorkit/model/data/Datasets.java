package org.xnorkit.model.data;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xnorkit.model.io.ProjectRoot;

/**
 * Loads a data set by name or path.
 *
 * <p>Names: {@code mnist:test}, {@code mnist:train}, {@code fashion-mnist:test},
 * {@code fashion-mnist:train}, {@code cifar10:test}, {@code cifar10:train}. A name is looked up in
 * a data directory laid out like {@code ../shared/datasets}:
 * <pre>
 *   mnist/t10k-images-idx3-ubyte.gz          mnist/t10k-labels-idx1-ubyte.gz     (train-... for :train)
 *   fashion-mnist/t10k-images-idx3-ubyte.gz  fashion-mnist/t10k-labels-idx1-ubyte.gz
 *   cifar10/test_batch.bin[.gz]  (or cifar10/test_batch.first1000.bin.gz)     cifar10/data_batch_1..5.bin[.gz]
 * </pre>
 * (each file raw or gzipped). The directories tried, in order: {@code dataDir} alone when given;
 * otherwise {@code $XNORKIT_DATA}, then for Fashion-MNIST the directory of Debian's
 * {@code dataset-fashion-mnist} package, then {@code ../shared/datasets} beside the project root.
 *
 * <p>Paths: an IDX images file (its labels beside it under the standard name) or a CIFAR-10 binary
 * batch, told apart by content.
 *
 * <p>Downscaling: a spec may end in {@code @HxW} (e.g. {@code fashion-mnist:train@14x14}): the
 * images are shrunk by an integer factor f = height/H = width/W (the same on both axes) with f×f
 * average pooling per channel, rounding half up: {@code (sum + f²/2) / f²} of the f² unsigned
 * pixel values. The data set's name keeps the suffix.
 */
public final class Datasets {
  private Datasets() {}

  /** Environment variable naming a data directory. */
  public static final String ENV = "XNORKIT_DATA";

  /** Where Debian's dataset-fashion-mnist package installs the IDX files. */
  public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /** The names {@link #load} accepts besides paths. */
  public static final List<String> NAMES = List.of(
      "mnist:train", "mnist:test", "fashion-mnist:train", "fashion-mnist:test", "cifar10:train", "cifar10:test");

  /**
   * Loads {@code spec} (a name or a path), the first {@code limit} images ({@code -1}: all).
   * {@code dataDir} may be null.
   */
  public static Dataset load(String spec, Path dataDir, int limit) {
    return load(spec, dataDir, limit, System.getenv(ENV));
  }

  static Dataset load(String spec, Path dataDir, int limit, String env) {
    if (limit < -1 || limit == 0) throw new DataException("limit (" + limit + ") must be >= 1, or -1 for all images");
    Downscale down = Downscale.of(spec);
    Source src = locate(down == null ? spec : down.base(), dataDir, env);
    Dataset d = src.read(limit);
    return down == null ? d : down.apply(d, spec);
  }

  private static final java.util.regex.Pattern DOWNSCALE = java.util.regex.Pattern.compile("(.+)@(\\d+)x(\\d+)");

  /** A trailing {@code @HxW} of a spec: the spec without it and the size asked for. */
  record Downscale(String base, int height, int width) {
    /** The suffix of {@code spec}, or null when it has none. */
    static Downscale of(String spec) {
      if (spec == null) return null;
      java.util.regex.Matcher m = DOWNSCALE.matcher(spec);
      if (!m.matches()) {
        if (spec.contains("@")) throw new DataException(spec + ": a downscaled data set is written SPEC@HxW, e.g. fashion-mnist:train@14x14");
        return null;
      }
      int h, w;
      try { h = Integer.parseInt(m.group(2)); w = Integer.parseInt(m.group(3)); } catch (NumberFormatException e) {
        throw new DataException(spec + ": the size after '@' is out of range");
      }
      if (h < 1 || w < 1) throw new DataException(spec + ": the size after '@' must be at least 1x1");
      return new Downscale(m.group(1), h, w);
    }

    /** f×f average pooling of every image of {@code d} (f = d.height/height = d.width/width, an integer). */
    Dataset apply(Dataset d, String spec) {
      if (d.height() % height != 0 || d.width() % width != 0 || d.height() / height != d.width() / width)
        throw new DataException(spec + ": cannot downscale " + d.height() + "x" + d.width() + " images to " + height + "x" + width
            + " (the size must divide the images' by the same integer on both axes, e.g. " + d.height() / 2 + "x" + d.width() / 2 + ")");
      int f = d.height() / height, c = d.channels(), area = f * f;
      byte[][] out = new byte[d.size()][];
      for (int i = 0; i < out.length; i++) {
        byte[] src = d.images()[i], dst = new byte[height * width * c];
        for (int y = 0; y < height; y++)
          for (int x = 0; x < width; x++)
            for (int ch = 0; ch < c; ch++) {
              int sum = 0;
              for (int dy = 0; dy < f; dy++)
                for (int dx = 0; dx < f; dx++) sum += src[((y * f + dy) * d.width() + x * f + dx) * c + ch] & 0xFF;
              dst[(y * width + x) * c + ch] = (byte) ((sum + area / 2) / area);
            }
        out[i] = dst;
      }
      return new Dataset(d.name() + "@" + height + "x" + width, height, width, c, out, d.labels(), d.classNames());
    }
  }

  /** The file(s) {@code spec} resolves to, first the images (or first batch); for messages such as "read from ...". */
  public static List<Path> files(String spec, Path dataDir) {
    Downscale down = Downscale.of(spec);
    return locate(down == null ? spec : down.base(), dataDir, System.getenv(ENV)).files();
  }

  /** What a spec resolved to. */
  private record Source(String name, Kind kind, List<Path> files, List<String> classNames) {
    Dataset read(int limit) {
      return switch (kind) {
        case IDX -> IdxReader.read(name, files.get(0), files.get(1), classNames, limit);
        case CIFAR -> Cifar10Reader.read(name, files, limit);
      };
    }
  }

  private enum Kind { IDX, CIFAR }

  private static Source locate(String spec, Path dataDir, String env) {
    if (spec == null || spec.isBlank()) throw new DataException("no data set given: expected a name (" + String.join(", ", NAMES) + ") or a file path");
    String lower = spec.toLowerCase(Locale.ROOT);
    if (NAMES.contains(lower)) return named(lower, dataDir, env);
    Path path = Path.of(spec);
    if (Files.isRegularFile(path)) return byContent(spec, path);
    if (Files.isDirectory(path))
      throw new DataException(spec + ": is a directory; give an IDX images file or a CIFAR-10 batch file, "
          + "or a name (" + String.join(", ", NAMES) + ") with --data-dir " + spec);
    if (!spec.contains("/") && spec.contains(":"))
      throw new DataException("unknown data set '" + spec + "': expected one of " + String.join(", ", NAMES) + ", or a file path");
    throw new DataException(spec + ": file not found (expected a data set name: " + String.join(", ", NAMES) + ", or a file path)",
        new NoSuchFileException(spec));
  }

  private static Source byContent(String spec, Path path) {
    if (IdxReader.hasMagic(path, IdxReader.IMAGES_MAGIC)) {
      Path labels = IdxReader.labelsBeside(path);
      if (!Files.isRegularFile(labels))
        throw new DataException(path + ": its labels file " + labels.getFileName() + " is not beside it (expected under the standard IDX name)",
            new NoSuchFileException(labels.toString()));
      boolean fashion = path.toAbsolutePath().toString().toLowerCase(Locale.ROOT).contains("fashion");
      return new Source(spec, Kind.IDX, List.of(path, labels), fashion ? ClassNames.FASHION_MNIST : null);
    }
    if (IdxReader.hasMagic(path, IdxReader.LABELS_MAGIC))
      throw new DataException(path + ": is an IDX labels file; give the images file (its labels are found beside it)");
    return new Source(spec, Kind.CIFAR, List.of(path), ClassNames.CIFAR10);
  }

  private static Source named(String name, Path dataDir, String env) {
    String set = name.substring(0, name.indexOf(':'));
    boolean test = name.endsWith(":test");
    List<Path> roots = roots(set, dataDir, env);
    switch (set) {
      case "mnist", "fashion-mnist" -> {
        String prefix = test ? "t10k" : "train";
        List<String> candidates = List.of(prefix + "-images-idx3-ubyte.gz", prefix + "-images-idx3-ubyte", prefix + "-images.idx3-ubyte");
        // The Debian package puts the files straight into its directory, data dirs into a sub-directory.
        for (Path root : roots) {
          Path dir = root.equals(DEBIAN_FASHION_MNIST) ? root : root.resolve(set);
          for (String c : candidates) {
            Path images = dir.resolve(c);
            if (Files.isRegularFile(images)) {
              Path labels = IdxReader.labelsBeside(images);
              if (!Files.isRegularFile(labels))
                throw new DataException(name + ": found " + images + " but not its labels " + labels, new NoSuchFileException(labels.toString()));
              return new Source(name, Kind.IDX, List.of(images, labels), set.equals("mnist") ? ClassNames.MNIST : ClassNames.FASHION_MNIST);
            }
          }
        }
        throw notFound(name, set + "/" + candidates.get(0) + " (or without .gz)", roots, set.equals("fashion-mnist")
            ? "; install it with scripts/setup (Debian package dataset-fashion-mnist)" : "");
      }
      case "cifar10" -> {
        for (Path root : roots) {
          Path dir = root.resolve(set);
          if (test) {
            for (String c : List.of("test_batch.bin", "test_batch.bin.gz", "test_batch.first1000.bin.gz")) {
              Path f = dir.resolve(c);
              if (Files.isRegularFile(f)) return new Source(name, Kind.CIFAR, List.of(f), ClassNames.CIFAR10);
            }
          } else {
            List<Path> batches = new ArrayList<>();
            for (int b = 1; b <= 5; b++) {
              Optional<Path> f = firstExisting(dir.resolve("data_batch_" + b + ".bin"), dir.resolve("data_batch_" + b + ".bin.gz"));
              f.ifPresent(batches::add);
            }
            if (batches.size() == 5) return new Source(name, Kind.CIFAR, batches, ClassNames.CIFAR10);
          }
        }
        throw notFound(name, test ? "cifar10/test_batch.bin[.gz] or cifar10/test_batch.first1000.bin.gz" : "cifar10/data_batch_1..5.bin[.gz]", roots, "");
      }
      default -> throw new IllegalStateException("unhandled data set " + set);
    }
  }

  private static Optional<Path> firstExisting(Path... paths) {
    for (Path p : paths) if (Files.isRegularFile(p)) return Optional.of(p);
    return Optional.empty();
  }

  /** Data directories to try for {@code set}, in order. */
  static List<Path> roots(String set, Path dataDir, String env) {
    if (dataDir != null) return List.of(dataDir);
    List<Path> roots = new ArrayList<>();
    if (env != null && !env.isBlank()) roots.add(Path.of(env));
    if (set.equals("fashion-mnist")) roots.add(DEBIAN_FASHION_MNIST);
    ProjectRoot.find().ifPresent(r -> roots.add(r.resolveSibling("shared").resolve("datasets")));
    return roots;
  }

  private static DataException notFound(String name, String wanted, List<Path> roots, String hint) {
    List<String> where = new ArrayList<>();
    for (Path r : roots) where.add(r.toString());
    String message = name + ": not found: looked for " + wanted + " in " + (where.isEmpty() ? "no directory" : String.join(", ", where))
        + " (give --data-dir DIR or set " + ENV + ")" + hint;
    return new DataException(message, new NoSuchFileException(wanted));
  }
}
