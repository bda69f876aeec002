package org.xnorkit.model.bnnpynq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.ModelException;

/** Broken copies of LFC: every error names the file and the layer. */
class BnnPynqImportErrorsTest {
  @TempDir Path tmp;
  Path lfc;

  @BeforeEach
  void copy() throws IOException {
    lfc = tmp.resolve("lfcW1A1");
    Files.createDirectories(lfc);
    try (var files = Files.list(SharedBnnPynq.net("lfcW1A1"))) {
      for (Path f : files.toList()) {
        Files.copy(f, lfc.resolve(f.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
        lfc.resolve(f.getFileName().toString()).toFile().setWritable(true);
      }
    }
  }

  ModelException importFails() {
    return assertThrows(ModelException.class, () -> BnnPynqImporter.importNet(lfc, null));
  }

  void editConfig(String from, String to) throws IOException {
    String s = Files.readString(lfc.resolve("config.h"));
    assertTrue(s.contains(from), from);
    Files.writeString(lfc.resolve("config.h"), s.replace(from, to), StandardCharsets.US_ASCII);
  }

  @Test
  void missingPeFile() throws IOException {
    Files.delete(lfc.resolve("2-5-weights.bin"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> BnnPynqImporter.importNet(lfc, null));
    assertTrue(e.getMessage().contains("2-5-weights.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("fc2 (L2)"), e.getMessage());
    assertTrue(e.getMessage().contains("L2_PE = 32"), e.getMessage());
  }

  @Test
  void missingThresholdFileAndClasses() throws IOException {
    Files.delete(lfc.resolve("3-15-thres.bin"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> BnnPynqImporter.importNet(lfc, null));
    assertTrue(e.getMessage().contains("3-15-thres.bin") && e.getMessage().contains("out (L3)"), e.getMessage());
    Files.delete(lfc.resolve("classes.txt"));
    e = assertThrows(NoSuchFileException.class, () -> BnnPynqImporter.importNet(lfc, null));
    assertTrue(e.getMessage().contains("classes.txt"), e.getMessage());
  }

  @Test
  void wrongWordCount() throws IOException {
    Path f = lfc.resolve("1-0-weights.bin");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length - 8));
    ModelException e = importFails();
    assertTrue(e.source().endsWith("1-0-weights.bin"), e.getMessage());
    assertEquals("fc1", e.layer());
    assertTrue(e.getMessage().contains("511 words, expected 512 words"), e.getMessage());
  }

  @Test
  void bitsAboveSimd() throws IOException {
    Path f = lfc.resolve("3-4-weights.bin"); // L3 has SIMD 8
    byte[] b = Files.readAllBytes(f);
    b[8 * 7 + 1] |= 1; // word 7, bit 8
    Files.write(f, b);
    ModelException e = importFails();
    assertTrue(e.source().endsWith("3-4-weights.bin"), e.getMessage());
    assertEquals("out", e.layer());
    assertTrue(e.getMessage().contains("word 7") && e.getMessage().contains("above SIMD = 8"), e.getMessage());
  }

  @Test
  void foldingContradictsMatrix() throws IOException {
    editConfig("#define L1_PE 64", "#define L1_PE 32");
    ModelException e = importFails();
    assertTrue(e.source().endsWith("config.h"), e.getMessage());
    assertEquals("fc1", e.layer());
    assertTrue(e.getMessage().contains("L1_WMEM = 512 but (MH/PE)*(MW/SIMD) = 32*32 = 1024"), e.getMessage());
  }

  @Test
  void matrixNotAMultipleOfSimd() throws IOException {
    editConfig("#define L2_SIMD 64", "#define L2_SIMD 48");
    ModelException e = importFails();
    assertEquals("fc2", e.layer());
    assertTrue(e.getMessage().contains("not a multiple of SIMD = 48"), e.getMessage());
  }

  @Test
  void widthThatDoesNotChain() throws IOException {
    editConfig("#define L2_MW 1024", "#define L2_MW 960");
    ModelException e = importFails();
    assertEquals("fc2", e.layer());
    assertTrue(e.getMessage().contains("L2_MW = 960 but the incoming tensor"), e.getMessage());
  }

  @Test
  void extraPeFileMeansAnotherFolding() throws IOException {
    Files.copy(lfc.resolve("0-0-weights.bin"), lfc.resolve("0-32-weights.bin"));
    ModelException e = importFails();
    assertTrue(e.source().endsWith("0-32-weights.bin"), e.getMessage());
    assertEquals("fc0", e.layer());
  }

  @Test
  void paddedColumnWithWeightZero() throws IOException {
    Path f = lfc.resolve("0-0-weights.bin"); // row 0, fold 0: words 0..12; word 12 holds columns 768..831
    byte[] b = Files.readAllBytes(f);
    b[12 * 8 + 7] &= 0x7f; // column 831
    Files.write(f, b);
    ModelException e = importFails();
    assertEquals("fc0", e.layer());
    assertTrue(e.getMessage().contains("padded column 831"), e.getMessage());
  }

  @Test
  void paddedRowThreshold() throws IOException {
    Path f = lfc.resolve("3-12-thres.bin"); // L3 PE 16: rows 12 (real), 28, 44, 60 (padding)
    byte[] b = Files.readAllBytes(f);
    b[8] = 0; // row 28 threshold 32767 -> 32512
    Files.write(f, b);
    ModelException e = importFails();
    assertEquals("out", e.layer());
    assertTrue(e.getMessage().contains("padded row 28"), e.getMessage());
  }

  @Test
  void topCppWithoutDoCompute() throws IOException {
    Files.writeString(lfc.resolve("top.cpp"), "void Other() {}\n");
    ModelException e = importFails();
    assertTrue(e.source().endsWith("top.cpp"), e.getMessage());
    assertTrue(e.getMessage().contains("DoCompute"), e.getMessage());
  }

  @Test
  void layerMissingFromDoCompute() throws IOException {
    String top = Files.readString(lfc.resolve("top.cpp"));
    int i = top.indexOf("StreamingFCLayer_Batch<L2_MW");
    int j = top.indexOf(";", i);
    Files.writeString(lfc.resolve("top.cpp"), top.substring(0, i) + top.substring(j + 1));
    ModelException e = importFails();
    assertEquals("L2", e.layer());
    assertTrue(e.getMessage().contains("DoCompute does not use it"), e.getMessage());
  }
}
