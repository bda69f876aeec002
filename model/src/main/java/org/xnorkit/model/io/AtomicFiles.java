package org.xnorkit.model.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Writes outputs so that a crash or an error never leaves half of one behind: the content goes
 * to a temporary file (or directory) beside the target, which is then moved into place with
 * {@code ATOMIC_MOVE}. Readers see the old content or the new, never a mix. Parent directories
 * are created. Temporary names start with a dot and end in {@code .tmp}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Replaces {@code target} with {@code bytes} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path tmp = freshSibling(target, "tmp");
    try {
      // CREATE_NEW with default permissions (createTempFile would make the output private to its owner).
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(bytes);
      }
      try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true); // the bytes are on disk before the name points at them
      }
      move(tmp, target);
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(tmp, e);
      throw e;
    }
  }

  /** Replaces {@code target} with {@code text} in UTF-8, atomically. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Replaces the directory {@code target} with one that {@code filler} fills: the filler gets a
   * fresh empty directory beside the target; only when it returns normally is the old directory
   * (if any) moved aside, the new one moved in and the old one deleted. If the filler throws, the
   * partial directory is deleted and the target is left as it was. (POSIX cannot swap two
   * directories in one step: between the two moves the target is briefly absent, never partial.)
   * An {@link UncheckedIOException} from the filler is rethrown as its {@link IOException}.
   */
  public static void writeDirectory(Path target, Consumer<Path> filler) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))
      throw new NotDirectoryException(target + " exists and is not a directory; not replacing it");
    Files.createDirectories(parentOf(target));
    Path fresh = freshSibling(target, "tmp");
    Files.createDirectory(fresh);
    try {
      filler.accept(fresh);
    } catch (UncheckedIOException e) {
      deleteQuietly(fresh, e.getCause());
      throw e.getCause();
    } catch (RuntimeException | Error e) {
      deleteQuietly(fresh, e);
      throw e;
    }
    Path old = null;
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old = freshSibling(target, "old");
        move(target, old);
      }
      move(fresh, target);
    } catch (IOException | RuntimeException e) {
      if (old != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        try { move(old, target); old = null; } catch (IOException restore) { e.addSuppressed(restore); }
      }
      deleteQuietly(fresh, e);
      throw e;
    }
    if (old != null) deleteTree(old);
  }

  /** Cleans up after a failure without hiding it: a cleanup error is attached to {@code failure}. */
  private static void deleteQuietly(Path p, Throwable failure) {
    try {
      deleteTree(p);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot move " + from + " to " + to + " atomically (" + e.getReason() + ")", e);
    }
  }

  private static Path parentOf(Path target) {
    Path abs = target.toAbsolutePath();
    return abs.getParent();
  }

  /** A name beside {@code target} that does not exist yet: {@code .NAME.<random>.<suffix>}. */
  private static Path freshSibling(Path target, String suffix) throws IOException {
    Path abs = target.toAbsolutePath();
    for (int attempt = 0; attempt < 100; attempt++) {
      byte[] r = new byte[6];
      RANDOM.nextBytes(r);
      Path p = abs.resolveSibling("." + abs.getFileName() + "." + HexFormat.of().formatHex(r) + "." + suffix);
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return p;
    }
    throw new FileAlreadyExistsException(abs + ": no free temporary name beside it");
  }

  /** Deletes a file or directory tree; symbolic links are removed, not followed. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }
      @Override public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) throw e;
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
