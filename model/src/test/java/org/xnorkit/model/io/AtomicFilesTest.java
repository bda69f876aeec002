package org.xnorkit.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writeCreatesParentsReplacesAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("a").resolve("b.txt");
    AtomicFiles.writeString(f, "one");
    AtomicFiles.writeString(f, "two");
    assertEquals("two", Files.readString(f));
    try (Stream<Path> s = Files.list(f.getParent())) {
      assertEquals(List.of(f), s.toList());
    }
    // Not private to the owner (createTempFile would give rw-------): the umask decides as for any new file.
    assertTrue(Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_READ));
  }

  @Test
  void writeIntoADirectoryTargetFailsAndLeavesItAlone() throws IOException {
    Path d = dir.resolve("out");
    Files.createDirectory(d);
    Files.writeString(d.resolve("keep"), "x");
    assertThrows(IOException.class, () -> AtomicFiles.writeString(d, "text"));
    assertEquals("x", Files.readString(d.resolve("keep")));
    assertEquals(List.of("out"), names());
  }

  @Test
  void writeDirectorySwapsInTheNewContentAndDropsTheOld() throws IOException {
    Path target = dir.resolve("rtl");
    AtomicFiles.writeDirectory(target, d -> write(d.resolve("old.sv"), "old"));
    AtomicFiles.writeDirectory(target, d -> {
      write(d.resolve("new.sv"), "new");
      write(d.resolve("sub").resolve("x.mem"), "00");
    });
    assertTrue(Files.exists(target.resolve("new.sv")));
    assertTrue(Files.exists(target.resolve("sub").resolve("x.mem")));
    assertFalse(Files.exists(target.resolve("old.sv")));
    assertEquals(List.of("rtl"), names());
  }

  @Test
  void failingFillerLeavesTheOldDirectoryAndNoPartialOne() throws IOException {
    Path target = dir.resolve("rtl");
    AtomicFiles.writeDirectory(target, d -> write(d.resolve("good.sv"), "good"));
    IllegalStateException boom = new IllegalStateException("generator failed");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> AtomicFiles.writeDirectory(target, d -> {
      write(d.resolve("half.sv"), "half");
      throw boom;
    }));
    assertSame(boom, thrown);
    assertEquals("good", Files.readString(target.resolve("good.sv")));
    assertFalse(Files.exists(target.resolve("half.sv")));
    assertEquals(List.of("rtl"), names());

    IOException io = assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, d -> {
      throw new UncheckedIOException(new IOException("disk full"));
    }));
    assertEquals("disk full", io.getMessage());
    assertEquals(List.of("rtl"), names());
  }

  @Test
  void writeDirectoryRefusesToReplaceAFile() throws IOException {
    Path target = dir.resolve("file");
    Files.writeString(target, "data");
    assertThrows(NotDirectoryException.class, () -> AtomicFiles.writeDirectory(target, d -> {}));
    assertEquals("data", Files.readString(target));
  }

  private static void write(Path p, String s) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
