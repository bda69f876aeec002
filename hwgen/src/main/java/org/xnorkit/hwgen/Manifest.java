package org.xnorkit.hwgen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.xnorkit.model.ModelException;

/**
 * {@code manifest.json} of a generated design ({@code "format": "xnorkit-manifest/1"}): everything
 * the simulator, the Verilator testbench, the host driver and synthesis need to know about the
 * RTL beside it — the fully resolved plan (folds, padding, FIFO depths, latencies), the stream
 * formats (docs/timing.md), the estimates, the files and the model it was built from.
 *
 * @param files        the SystemVerilog files in compile order (relative names, top last)
 * @param memoryFiles  the $readmemh files; simulators and synthesis run with the design folder as
 *                     working directory and define every macro of {@code defines}
 * @param cyclesPerImage analytical steady-state cycles per image (= initiation interval)
 */
public record Manifest(
    String format,
    String xnorkitVersion,
    String model,
    String modelHash,
    String planSource,
    String top,
    List<String> files,
    List<String> memoryFiles,
    List<String> defines,
    Ports ports,
    int inputHeight,
    int inputWidth,
    int inputChannels,
    int inputBusBits,
    int outputBusBits,
    int pixelsPerBeat,
    long inputBeatsPerImage,
    int outputBeatsPerImage,
    OutputRecord outputRecord,
    long cyclesPerImage,
    long initiationInterval,
    long latencyCycles,
    List<Layer> layers,
    int outputFifoDepth,
    Estimate estimate,
    List<String> warnings,
    List<UnitEstimate> unitEstimates) {

  public static final String FORMAT = "xnorkit-manifest/1";
  public static final String FILE_NAME = "manifest.json";

  public Manifest {
    files = List.copyOf(files);
    memoryFiles = List.copyOf(memoryFiles);
    defines = List.copyOf(defines);
    layers = List.copyOf(layers);
    warnings = List.copyOf(warnings);
    // manifests written before per-unit estimates existed have none
    unitEstimates = unitEstimates == null ? List.of() : List.copyOf(unitEstimates);
  }

  /** Port names of the top module. */
  public record Ports(String clock, String resetActiveLow, String inputPrefix, String outputPrefix) {}

  /**
   * The output record of one image (docs/timing.md, "Output record"): little-endian bytes,
   * predicted class (4 bytes), {@code classWords} uint32 words of class bits, then
   * {@code classes} scores of {@code scoreBytes} bytes each (two's complement).
   */
  public record OutputRecord(int classes, int recordBytes, int classWords, int scoreBytes, int scoreBits,
                             boolean hasThresholds, String readout) {}

  /** One layer of the resolved plan, with its estimate. Non-compute layers have pe = simd = 0. */
  public record Layer(String name, String kind, int pe, int simd, int nf, int sf, int outputs, int paddedOutputs,
                      int chunkRows, int rowElems, int paddedRowElems, int vectors, int fifoDepth,
                      long cyclesPerImage, long latencyCycles, long luts, long ffs, long bram18) {}

  /**
   * The estimate of one unit, named by its module ({@code Fifo} for every inter-unit FIFO; {@code feeds}
   * then names the unit it feeds).
   */
  public record UnitEstimate(String module, String feeds, long luts, long ffs, long bram18) {}

  /** Totals of the estimate and the cost model they come from. */
  public record Estimate(long luts, long ffs, long bram18, String costModel) {}

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this).replace("\r\n", "\n") + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the manifest: " + e.getMessage(), e);
    }
  }

  public static Manifest parse(String json, String source) {
    Manifest m;
    try {
      m = MAPPER.readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new ModelException(source, "", null, "not a valid manifest: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(m.format()))
      throw new ModelException(source, "/format", null, "format is " + m.format() + ", expected " + FORMAT, null);
    return m;
  }

  /** Reads {@code manifest.json} from a design folder (or the file itself). */
  public static Manifest read(Path designDirOrFile) throws IOException {
    Path f = Files.isDirectory(designDirOrFile) ? designDirOrFile.resolve(FILE_NAME) : designDirOrFile;
    if (!Files.exists(f)) throw new NoSuchFileException(f.toString(), null, "no manifest.json: generate the design with 'xnorkit gen'");
    return parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
  }
}
