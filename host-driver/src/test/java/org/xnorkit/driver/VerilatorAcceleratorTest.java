package org.xnorkit.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnorkit.hwgen.Generator;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.hwgen.plan.Planner;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.engine.Inference;
import org.xnorkit.model.engine.ReferenceEngine;
import org.xnorkit.model.io.ProjectRoot;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * The Verilator backend for real: a generated design in a long-running harness, fed over pipes.
 * Results are bit-exact and in order, cycle counts do not depend on how the host feeds it (the
 * clock stops while the input is empty), and a harness killed mid-stream is an error naming the
 * image it was on.
 */
class VerilatorAcceleratorTest {
  static final RandomNetworks RN = new RandomNetworks(23);
  static Network net;
  static Manifest manifest;
  static Path design;
  static byte[][] images;
  static Inference[] reference;

  /** Generates the test design once per JVM (the board stand-in tests use it too), under target/. */
  @BeforeAll
  static synchronized void generate() throws Exception {
    if (manifest != null) return;
    net = RN.mlp(InputSpec.binarized(8, 8, 1, 128), 2, 48, 24, 10);
    design = ProjectRoot.require().resolve("host-driver").resolve("target").resolve("test-design");
    manifest = new Generator(s -> {}).generate(net, Planner.resolve(net, new Plan(Map.of()), 0, "test"), design);
    images = RN.images(net.input(), 120);
    try (ReferenceEngine e = new ReferenceEngine(net)) { reference = e.inferBatch(images); }
  }

  static VerilatorAccelerator accelerator() throws Exception {
    return new VerilatorAccelerator(design, manifest, ProjectRoot.require().resolve(".xnorkit").resolve("verilator-cache"));
  }

  static List<StreamingDriver.Result> stream(StreamingDriver.Options o) throws Exception {
    List<StreamingDriver.Result> got = new ArrayList<>();
    try (VerilatorAccelerator v = accelerator()) {
      StreamingDriver.Report r = new StreamingDriver(o).run(v, Arrays.asList(images), got::add);
      assertEquals(images.length, r.end().imagesIn());
      assertEquals(images.length, r.end().imagesOut());
    }
    return got;
  }

  @Test
  void bitExactInOrderAtTheAnalyticalRateWhateverTheBatching() throws Exception {
    List<StreamingDriver.Result> big = stream(new StreamingDriver.Options(64, 16, 60_000));
    List<StreamingDriver.Result> one = stream(new StreamingDriver.Options(1, 1, 60_000));
    for (int i = 0; i < images.length; i++) {
      assertEquals(i, big.get(i).id());
      assertEquals(reference[i], big.get(i).inference(), "image " + i);
      assertEquals(reference[i], one.get(i).inference(), "image " + i);
      // Feeding one image per flush makes the harness wait on its input again and again; its
      // clock stops meanwhile, so every beat fires at the same cycle as with big batches.
      assertEquals(big.get(i).lastOutputCycle(), one.get(i).lastOutputCycle(), "cycle of image " + i);
      assertEquals(big.get(i).firstInputCycle(), one.get(i).firstInputCycle(), "input cycle of image " + i);
    }
    assertEquals(manifest.cyclesPerImage(), Benchmark.steadyCyclesPerImage(big), 1e-9, "steady state = analytical II");
  }

  @Test
  void theJavaCycleSimulatorBackendAgreesWithVerilatorCycleForCycle() throws Exception {
    List<StreamingDriver.Result> verilator = stream(new StreamingDriver.Options(64, 16, 60_000));
    List<StreamingDriver.Result> sim = new ArrayList<>();
    StreamingDriver.Report r = new StreamingDriver(new StreamingDriver.Options(64, 16, 60_000))
        .run(new SimulatorAccelerator(net, Planner.resolve(net, new Plan(Map.of()), 0, "test")), Arrays.asList(images), sim::add);
    assertEquals(images.length, r.end().imagesOut());
    for (int i = 0; i < images.length; i++) {
      assertEquals(reference[i], sim.get(i).inference(), "image " + i);
      assertEquals(verilator.get(i).firstInputCycle(), sim.get(i).firstInputCycle(), "input cycle of image " + i);
      assertEquals(verilator.get(i).lastOutputCycle(), sim.get(i).lastOutputCycle(), "result cycle of image " + i);
    }
  }

  @Test
  void aHarnessKilledMidStreamIsAnErrorNamingTheImage() throws Exception {
    try (VerilatorAccelerator v = accelerator()) {
      // A stream long enough that the harness cannot finish and exit before the kill: its results
      // fill the pipe and the reader is held back by a one-entry queue. (The writer never waits
      // for results: while its input is empty the harness stops its clock, and results of images
      // still in the pipeline only come out when more images or the end of the stream arrive.)
      int n = 3000;
      List<byte[]> feed = new AbstractList<>() {
        @Override public byte[] get(int i) { return images[i % images.length]; }
        @Override public int size() { return n; }
      };
      List<Integer> seen = new ArrayList<>();
      BackendException e = assertThrows(BackendException.class, () -> new StreamingDriver(new StreamingDriver.Options(1, 1, 30_000))
          .run(v, feed, r -> {
            seen.add(r.id());
            if (r.id() == 30) {
              ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("").contains("--stream"))
                  .forEach(ProcessHandle::destroyForcibly);  // SIGKILL, as a crash would
            }
          }));
      assertTrue(e.imageId() > 30 && e.imageId() < n, e.getMessage());
      assertEquals(e.imageId(), seen.size(), "results up to the failing image were delivered, none after");
      assertTrue(e.getMessage().contains("image " + e.imageId()) && e.getMessage().contains("killed by signal 9"), e.getMessage());
      System.out.println("crash test: " + e.getMessage());
    }
  }
}
