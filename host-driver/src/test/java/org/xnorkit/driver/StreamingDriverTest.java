package org.xnorkit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * The streaming driver over the CPU backend, and over that backend with faults injected (a
 * backend that hangs, drops a result or invents one): every failure names the image it was on.
 */
class StreamingDriverTest {
  static final RandomNetworks RN = new RandomNetworks(11);
  static final Network NET = RN.mlp(InputSpec.binarized(8, 8, 1, 128), 2, 40, 10);
  static final byte[][] IMAGES = RN.images(NET.input(), 500);

  static Inference[] reference() {
    try (ReferenceEngine e = new ReferenceEngine(NET)) { return e.inferBatch(IMAGES); }
  }

  @Test
  void everyImageComesBackOnceInOrderAndBitExact() throws IOException {
    Inference[] ref = reference();
    for (StreamingDriver.Options o : List.of(new StreamingDriver.Options(1, 1, 10_000), new StreamingDriver.Options(7, 3, 10_000),
        new StreamingDriver.Options(1000, 1000, 10_000))) {
      List<StreamingDriver.Result> got = new ArrayList<>();
      StreamingDriver.Report r;
      try (CpuAccelerator cpu = new CpuAccelerator(NET)) {
        r = new StreamingDriver(o).run(cpu, Arrays.asList(IMAGES), got::add);
      }
      assertEquals(IMAGES.length, r.images());
      assertEquals(IMAGES.length, got.size(), o.toString());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(i, got.get(i).id(), o.toString());
        assertEquals(ref[i], got.get(i).inference(), "image " + i + " with " + o);
      }
      assertEquals(IMAGES.length, r.end().imagesOut());
    }
  }

  /** The CPU backend with one fault. */
  static final class Faulty implements Accelerator {
    enum Fault { HANG_AT, DROP_LAST, EXTRA_RESULT, FAIL_AT }
    final CpuAccelerator cpu = new CpuAccelerator(NET);
    final Fault fault;
    final int at;
    final CountDownLatch never = new CountDownLatch(1);

    Faulty(Fault fault, int at) { this.fault = fault; this.at = at; }

    @Override public String name() { return "faulty-" + fault; }
    @Override public boolean reportsCycles() { return false; }
    @Override public void close() { never.countDown(); cpu.close(); }

    @Override public Session open() throws IOException {
      Session s = cpu.open();
      return new Session() {
        int received;
        boolean extraSent;
        @Override public void send(byte[] p) throws IOException { s.send(p); }
        @Override public void flush() throws IOException { s.flush(); }
        @Override public void finish() throws IOException { s.finish(); }
        @Override public Output receive() throws IOException {
          if (fault == Fault.HANG_AT && received == at) {
            try { never.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return null;
          }
          if (fault == Fault.FAIL_AT && received == at) throw new BackendException("the link went down");
          Output o = s.receive();
          if (o == null && fault == Fault.EXTRA_RESULT && !extraSent) {
            extraSent = true;
            return new Output(new Inference(new long[10], null, 0), -1, -1);
          }
          if (o != null && fault == Fault.DROP_LAST && received == IMAGES.length - 1) {
            received++;
            return s.receive();
          }
          if (o != null) received++;
          return o;
        }
        @Override public End end() { return new End(-1, -1, -1); }
        @Override public void abort() { never.countDown(); s.abort(); }
        @Override public String describe() { return "test double"; }
      };
    }
  }

  @Test
  void aHungBackendIsATimeoutNamingTheImage() {
    try (Faulty f = new Faulty(Faulty.Fault.HANG_AT, 123)) {
      BackendException e = assertThrows(BackendException.class,
          () -> new StreamingDriver(new StreamingDriver.Options(16, 8, 500)).run(f, Arrays.asList(IMAGES), r -> {}));
      assertEquals(123, e.imageId());
      assertTrue(e.getMessage().contains("hung") && e.getMessage().contains("image 123"), e.getMessage());
    }
  }

  @Test
  void aFailingBackendNamesTheImage() {
    try (Faulty f = new Faulty(Faulty.Fault.FAIL_AT, 77)) {
      BackendException e = assertThrows(BackendException.class,
          () -> new StreamingDriver(new StreamingDriver.Options(16, 8, 10_000)).run(f, Arrays.asList(IMAGES), r -> {}));
      assertEquals(77, e.imageId());
      assertTrue(e.getMessage().contains("failed on image 77") && e.getMessage().contains("link went down"), e.getMessage());
    }
  }

  @Test
  void aLostResultIsAnError() {
    try (Faulty f = new Faulty(Faulty.Fault.DROP_LAST, 0)) {
      BackendException e = assertThrows(BackendException.class,
          () -> new StreamingDriver(new StreamingDriver.Options(16, 8, 10_000)).run(f, Arrays.asList(IMAGES), r -> {}));
      assertEquals(IMAGES.length - 1, e.imageId(), e.getMessage());
      assertTrue(e.getMessage().contains("ended after " + (IMAGES.length - 1) + " results"), e.getMessage());
    }
  }

  @Test
  void anInventedResultIsAnError() {
    try (Faulty f = new Faulty(Faulty.Fault.EXTRA_RESULT, 0)) {
      List<StreamingDriver.Result> got = new ArrayList<>();
      BackendException e = assertThrows(BackendException.class,
          () -> new StreamingDriver(new StreamingDriver.Options(16, 8, 10_000)).run(f, Arrays.asList(IMAGES), got::add));
      assertTrue(e.getMessage().contains("no image outstanding"), e.getMessage());
      assertEquals(IMAGES.length, got.size(), "the genuine results were all delivered first");
    }
  }
}
