package org.xnorkit.driver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopcountPeakTest {
  @TempDir Path cache;

  @Test
  void compilesOnceAndMeasuresAPlausiblePeak() {
    PopcountPeak.Peak first = PopcountPeak.measure(cache, 1, 0.2);
    assertTrue(first.compiled());
    // Any CPU that runs this does far more than 1e8 and far fewer than 1e13 one-bit XNOR-popcounts a second per core.
    assertTrue(first.binaryOpsPerSecond() > 1e8 && first.binaryOpsPerSecond() < 1e13, first.toString());
    PopcountPeak.Peak second = PopcountPeak.measure(cache, 2, 0.1);
    assertFalse(second.compiled(), "the second measurement reuses the cached executable");
    assertTrue(second.threads() == 2, second.toString());
  }
}
