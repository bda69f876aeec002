// xnorkit Verilator harness: streams the images of a vector file into an AXI4-Stream design
// under the timing contract of docs/timing.md, and records every beat that fires with its cycle.
//
// It is compiled together with a generated header, xnorkit_design.h, which names the Verilated
// top class and, in a debug build, the inter-layer streams to record (probes). Everything that
// varies between runs (vectors, seeds, stall probabilities, cycle budget) is a run-time argument,
// so one build serves many seeds and image sets.
//
//   sim --vectors IN.bin --out OUT.bin [--seed S] [--gap G] [--backpressure B]
//       [--reset R] [--budget CYCLES] [--out-beats N] [+verilator+seed+V +verilator+rand+reset+2]
//   sim --dump-stalls N [--seed S]     prints the first N draws of both stall streams (tests)
//   sim --stream --vectors IN --out OUT ...   streaming mode for the host driver: IN and OUT may be
//       pipes ("-" = stdin / stdout). The log is flushed before every read of the next image, and
//       while no image is there the read blocks: the clock stops instead of idling, so cycle
//       counts never depend on how fast the host feeds it. --budget then limits the cycles
//       without any beat firing on either port (a hung design), not the whole run.
//   sim --stream --vectors H2C --out C2H --raw-in-beats N --raw-out --regs REGS ...
//       stand-in for a PCIe DMA card (Xilinx XDMA style) for the host driver's board path: H2C
//       carries raw s_axis tdata bytes (N beats make an image; tkeep all ones, tlast on beat N),
//       C2H gets raw m_axis tdata bytes, and REGS, a regular file, is the card's register file
//       (map in XdmaRegisters.java): the harness writes its identity and geometry, waits for the
//       host to set the run bit, and at the end writes cycles, images out and a done status.
//   sim --stream --axidma REGS --dmabuf BUF --phys-base P --raw-in-beats N ...
//       stand-in for a Zynq board's AXI DMA (PYNQ path): REGS is the DMA core's register space
//       (Xilinx PG021 simple mode) and BUF the physically contiguous buffer at physical address P,
//       both regular files mapped shared. A transfer: the host arms S2MM (DA, LENGTH), then
//       starts MM2S (SA, LENGTH); the harness streams the images out of BUF, runs the clock until
//       their results are all written back (the batch drains), then reports both channels idle.
//       MM2S_DMACR run bit cleared = end of the stream.
//
// G and B are stall probabilities in units of 1/65536 (0 = never, 65536 = always).
// Exit status: 0 all images done, 2 cycle budget exhausted (timeout), 3 the design called
// $finish/$stop early, 1 bad arguments or files.

#include <verilated.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

// Generated: XNK_TOP (the Verilated class) and its header, XNK_IN_BITS, XNK_OUT_BITS, and
// XNK_PROBES(P), which applies P(name, validExpr, readyExpr, dataExpr, dataBytes) to every debug
// probe; the expressions read the model's public signals through `r` (the root).
#include "xnorkit_design.h"

namespace {

// ---- Seeded stall streams (docs/timing.md, "Stall streams"); StallStream.java is the twin. ----

// splitmix64 (Steele, Lea, Flood 2014): state += golden gamma, then the variant-13 finalizer.
struct SplitMix64 {
    uint64_t state;
    explicit SplitMix64(uint64_t seed) : state(seed) {}
    uint64_t next() {
        state += 0x9E3779B97F4A7C15ULL;
        uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

// One draw per cycle, whatever the design does: the stall decision for cycle c is draw c.
struct StallStream {
    SplitMix64 gen;
    uint32_t threshold;  // stall iff the draw's top 16 bits < threshold (0..65536)
    StallStream(uint64_t initialState, uint32_t thr) : gen(initialState), threshold(thr) {}
    bool stall() { return (gen.next() >> 48) < threshold; }
};

// The run seed S picks the streams' initial states: a splitmix64 seeded with S gives the input
// gap stream's state as its first output and the output back-pressure stream's as its second.
struct StallSeeds {
    uint64_t gap, backpressure;
    explicit StallSeeds(uint64_t seed) {
        SplitMix64 master(seed);
        gap = master.next();
        backpressure = master.next();
    }
};

// ---- Verilated signal access for any width (CData..QData scalars, VlWide words). ----

template <typename T>
void putBytes(T& sig, const uint8_t* b, size_t n) {
    T v = 0;
    for (size_t i = 0; i < n && i < sizeof(T); i++) v |= static_cast<T>(b[i]) << (8 * i);
    sig = v;
}
template <std::size_t W>
void putBytes(VlWide<W>& sig, const uint8_t* b, size_t n) {
    for (size_t w = 0; w < W; w++) {
        EData v = 0;
        for (size_t k = 0; k < 4; k++)
            if (w * 4 + k < n) v |= static_cast<EData>(b[w * 4 + k]) << (8 * k);
        sig.at(w) = v;
    }
}
template <typename T>
void getBytes(const T& sig, uint8_t* b, size_t n) {
    for (size_t i = 0; i < n; i++) b[i] = i < sizeof(T) ? static_cast<uint8_t>(sig >> (8 * i)) : 0;
}
template <std::size_t W>
void getBytes(const VlWide<W>& sig, uint8_t* b, size_t n) {
    for (size_t i = 0; i < n; i++) b[i] = i / 4 < W ? static_cast<uint8_t>(sig.at(i / 4) >> (8 * (i % 4))) : 0;
}

[[noreturn]] void fail(const std::string& msg) {
    std::fprintf(stderr, "xnorkit-harness: %s\n", msg.c_str());
    std::exit(1);
}

uint32_t readU32(FILE* f, const char* what) {
    uint8_t b[4];
    if (std::fread(b, 1, 4, f) != 4) fail(std::string("vector file truncated reading ") + what);
    return b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
}

// ---- AXI DMA stand-in (PYNQ path); AxiDmaRegisters.java has the same map. ----
struct AxiDma {
    enum : size_t { MM2S_DMACR = 0x00, MM2S_DMASR = 0x04, MM2S_SA = 0x18, MM2S_LENGTH = 0x28, S2MM_DMACR = 0x30,
                    S2MM_DMASR = 0x34, S2MM_DA = 0x48, S2MM_LENGTH = 0x58, XNK_CYCLES = 0x100, XNK_IMAGES = 0x108,
                    XNK_STATUS = 0x110, SIZE = 0x1000 };
    static constexpr uint32_t IDLE_IOC = 0x1002, HALTED = 0x1;
    uint8_t* regs = nullptr;
    uint8_t* buf = nullptr;
    size_t bufSize = 0;
    uint64_t phys = 0;
    size_t outAt = 0, outLeft = 0, outWritten = 0;  // the armed S2MM transfer
    bool outArmed = false;

    static uint8_t* map(const char* path, size_t* size) {
        int fd = ::open(path, O_RDWR);
        if (fd < 0) fail(std::string("cannot open ") + path + ": " + std::strerror(errno));
        struct stat st;
        if (::fstat(fd, &st) != 0 || st.st_size <= 0) fail(std::string(path) + " is empty");
        *size = static_cast<size_t>(st.st_size);
        void* p = ::mmap(nullptr, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        ::close(fd);
        if (p == MAP_FAILED) fail(std::string("cannot map ") + path + ": " + std::strerror(errno));
        return static_cast<uint8_t*>(p);
    }
    uint32_t r32(size_t at) const { return __atomic_load_n(reinterpret_cast<uint32_t*>(regs + at), __ATOMIC_ACQUIRE); }
    void w32(size_t at, uint32_t v) { __atomic_store_n(reinterpret_cast<uint32_t*>(regs + at), v, __ATOMIC_RELEASE); }
    void w64(size_t at, uint64_t v) { w32(at, uint32_t(v)); w32(at + 4, uint32_t(v >> 32)); }
    // Offset in BUF of a physical address, with the whole range inside BUF.
    size_t offset(uint32_t addr, size_t len, const char* what) const {
        if (addr < phys || addr - phys + len > bufSize)
            fail(std::string(what) + " 0x" + std::to_string(addr) + " + " + std::to_string(len) + " is outside the DMA buffer");
        return addr - phys;
    }
    void output(const uint8_t* data, size_t n) {
        if (!outArmed || n > outLeft) fail("S2MM: a result beat arrived with no room in the armed transfer (host armed too little)");
        std::memcpy(buf + outAt + outWritten, data, n);
        outWritten += n;
        outLeft -= n;
    }
};

// ---- Vector file (docs/timing.md, "Vector file"): a header, then one record per image. ----
// Records are read one image ahead of need, so a pipe can feed a long-running stream later.
class VectorReader {
  public:
    VectorReader(const char* path, size_t dataBytes, size_t keepBytes, uint32_t rawBeats, AxiDma* dma = nullptr,
                 std::function<bool()> drained = nullptr)
        : m_dataBytes(dataBytes), m_keepBytes(keepBytes), m_rawBeats(rawBeats), m_dma(dma), m_drained(drained) {
        if (m_dma) { m_beatBytes = dataBytes + keepBytes + 1; m_file = nullptr; return; }
        m_file = std::strcmp(path, "-") == 0 ? stdin : std::fopen(path, "rb");
        if (!m_file) fail(std::string("cannot open vector file ") + path + ": " + std::strerror(errno));
        m_beatBytes = dataBytes + keepBytes + 1;
        if (m_rawBeats > 0) return;  // raw tdata bytes: no header, no records
        char magic[8];
        if (std::fread(magic, 1, 8, m_file) != 8 || std::memcmp(magic, "XNKVEC1\0", 8) != 0)
            fail(std::string(path) + " is not an xnorkit vector file (magic XNKVEC1)");
        uint32_t db = readU32(m_file, "dataBytes"), kb = readU32(m_file, "keepBytes");
        if (db != dataBytes || kb != keepBytes)
            fail("vector file beats have " + std::to_string(db) + " data + " + std::to_string(kb)
                 + " keep bytes, the design's s_axis needs " + std::to_string(dataBytes) + " + "
                 + std::to_string(keepBytes));
    }
    ~VectorReader() { if (m_file) std::fclose(m_file); }
    // Streaming: flush this file (the beat log) before every read that may block on the host.
    void flushBeforeRead(FILE* f) { m_flush = f; }
    // Next beat (data, keep, last) of the stream, or null after the last image.
    const uint8_t* nextBeat() {
        if (!loadIfConsumed()) return nullptr;
        return m_buffer.data() + static_cast<size_t>(m_pos++) * m_beatBytes;
    }
    // True once every beat has been handed out. Decided by reading ahead, not by an attempt to
    // send, so the end of a run never depends on the gap stream.
    bool exhausted() { return !loadIfConsumed() && !m_draining; }
    bool imageComplete() const { return m_pos == m_beats; }
    uint64_t imagesRead() const { return m_images; }
    size_t dataBytes() const { return m_dataBytes; }
    size_t keepBytes() const { return m_keepBytes; }

  private:
    // Makes the current record have a beat left, reading the next record when needed; false at the end.
    bool loadIfConsumed() {
        if (m_ended) return false;
        while (m_pos == m_beats) {
            if (m_flush) std::fflush(m_flush);
            if (m_dma) {
                int r = loadDma();
                if (r < 0) { m_ended = true; return false; }
                if (r == 0) return false;  // draining: the clock runs without input
                continue;
            }
            if (m_rawBeats > 0) {
                if (!loadRaw()) { m_ended = true; return false; }
                continue;
            }
            uint8_t b[4];
            size_t got = std::fread(b, 1, 4, m_file);
            if (got == 0) { m_ended = true; return false; }
            if (got != 4) fail("vector file truncated in a record header");
            uint32_t beats = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
            if (beats == 0) { m_ended = true; return false; }  // explicit end of stream
            m_beats = beats;
            m_buffer.resize(static_cast<size_t>(m_beats) * m_beatBytes);
            if (std::fread(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
                fail("vector file truncated in image " + std::to_string(m_images));
            m_pos = 0;
            m_images++;
        }
        return true;
    }

    // AXI DMA mode: 1 an image was loaded from the MM2S transfer, 0 draining (no input now, the
    // clock runs until the batch's results are out), -1 the host stopped the stream.
    int loadDma() {
        std::vector<uint8_t> raw(static_cast<size_t>(m_rawBeats) * m_dataBytes);
        m_draining = false;
        if (m_inLeft == 0 && m_inActive) {
            if (!m_drained()) { m_draining = true; return 0; }
            // The batch drained: both channels report done (Idle | IOC), the S2MM byte count in LENGTH.
            m_dma->w32(AxiDma::S2MM_LENGTH, static_cast<uint32_t>(m_dma->outWritten));
            m_dma->outArmed = false;
            m_dma->w32(AxiDma::S2MM_DMASR, AxiDma::IDLE_IOC);
            m_dma->w32(AxiDma::MM2S_DMASR, AxiDma::IDLE_IOC);
            m_inActive = false;
        }
        while (m_inLeft == 0) {  // wait for the host's next MM2S transfer; no cycle passes meanwhile
            if ((m_dma->r32(AxiDma::MM2S_DMACR) & 1) == 0) return -1;
            uint32_t len = m_dma->r32(AxiDma::MM2S_LENGTH);
            if (len == 0) { ::usleep(50); continue; }
            if (len % raw.size() != 0) fail("MM2S length " + std::to_string(len) + " is not a whole number of images of " + std::to_string(raw.size()) + " bytes");
            m_inAt = m_dma->offset(m_dma->r32(AxiDma::MM2S_SA), len, "MM2S_SA");
            m_inLeft = len;
            m_inActive = true;
            m_dma->w32(AxiDma::MM2S_LENGTH, 0);  // taken (the host waits for Idle before the next one)
            m_dma->w32(AxiDma::MM2S_DMASR, 0);
            uint32_t outLen = m_dma->r32(AxiDma::S2MM_LENGTH);
            if ((m_dma->r32(AxiDma::S2MM_DMACR) & 1) == 0 || outLen == 0) fail("MM2S started while S2MM is not armed");
            m_dma->outAt = m_dma->offset(m_dma->r32(AxiDma::S2MM_DA), outLen, "S2MM_DA");
            m_dma->outLeft = outLen;
            m_dma->outWritten = 0;
            m_dma->outArmed = true;
            m_dma->w32(AxiDma::S2MM_DMASR, 0);
        }
        std::memcpy(raw.data(), m_dma->buf + m_inAt, raw.size());
        m_inAt += raw.size();
        m_inLeft -= raw.size();
        fillRaw(raw);
        return 1;
    }

    // Raw mode: one image is m_rawBeats beats of tdata; keep all ones, tlast on the last beat.
    bool loadRaw() {
        std::vector<uint8_t> raw(static_cast<size_t>(m_rawBeats) * m_dataBytes);
        size_t got = std::fread(raw.data(), 1, raw.size(), m_file);
        if (got == 0) return false;
        if (got != raw.size()) fail("raw input truncated in image " + std::to_string(m_images) + " (" + std::to_string(got) + " of " + std::to_string(raw.size()) + " bytes)");
        fillRaw(raw);
        return true;
    }

    void fillRaw(const std::vector<uint8_t>& raw) {
        m_beats = m_rawBeats;
        m_buffer.assign(static_cast<size_t>(m_beats) * m_beatBytes, 0);
        for (uint32_t b = 0; b < m_beats; b++) {
            uint8_t* beat = m_buffer.data() + static_cast<size_t>(b) * m_beatBytes;
            std::memcpy(beat, raw.data() + static_cast<size_t>(b) * m_dataBytes, m_dataBytes);
            for (size_t i = 0; i < m_dataBytes; i++) beat[m_dataBytes + i / 8] |= static_cast<uint8_t>(1u << (i % 8));
            beat[m_dataBytes + m_keepBytes] = b + 1 == m_beats ? 1 : 0;
        }
        m_pos = 0;
        m_images++;
    }

    AxiDma* m_dma = nullptr;
    std::function<bool()> m_drained;
    size_t m_inAt = 0, m_inLeft = 0;
    bool m_inActive = false, m_draining = false;

    FILE* m_file;
    FILE* m_flush = nullptr;
    uint32_t m_rawBeats = 0;
    size_t m_dataBytes, m_keepBytes, m_beatBytes = 0;
    std::vector<uint8_t> m_buffer;
    uint32_t m_beats = 0, m_pos = 0;
    uint64_t m_images = 0;
    bool m_ended = false;
};

// ---- Beat log (docs/timing.md, "Beat log"). ----
class BeatLog {
  public:
    BeatLog(const char* path, bool raw, AxiDma* dma = nullptr) : m_raw(raw), m_dma(dma) {
        if (m_dma) { m_raw = true; m_file = nullptr; return; }
        m_file = std::strcmp(path, "-") == 0 ? stdout : std::fopen(path, "wb");
        if (!m_file) fail(std::string("cannot write ") + path + ": " + std::strerror(errno));
        std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
        if (!m_raw) std::fwrite("XNKLOG1\0", 1, 8, m_file);
    }
    bool raw() const { return m_raw; }
    ~BeatLog() { if (m_file) std::fclose(m_file); }
    FILE* file() const { return m_file; }
    void u8(uint8_t v) { std::fputc(v, m_file); }
    void u16(uint16_t v) { u8(v & 0xff); u8(v >> 8); }
    void u32(uint32_t v) { for (int i = 0; i < 4; i++) u8(static_cast<uint8_t>(v >> (8 * i))); }
    void u64(uint64_t v) { for (int i = 0; i < 8; i++) u8(static_cast<uint8_t>(v >> (8 * i))); }
    void bytes(const uint8_t* b, size_t n) { std::fwrite(b, 1, n, m_file); }
    void stream(const char* name, uint32_t dataBytes, uint32_t keepBytes) {
        size_t len = std::strlen(name);
        u16(static_cast<uint16_t>(len));
        bytes(reinterpret_cast<const uint8_t*>(name), len);
        u32(dataBytes);
        u32(keepBytes);
    }
    void beat(uint16_t stream, uint64_t cycle, bool last, const uint8_t* keep, size_t keepBytes,
              const uint8_t* data, size_t dataBytes) {
        if (m_raw) {  // raw mode: the m_axis tdata bytes and nothing else
            if (stream == 0) { if (m_dma) m_dma->output(data, dataBytes); else bytes(data, dataBytes); }
            return;
        }
        u8(1);
        u16(stream);
        u64(cycle);
        u8(last ? 1 : 0);
        bytes(keep, keepBytes);
        bytes(data, dataBytes);
    }
    void end(uint8_t status, uint64_t cycles, uint64_t imagesIn, uint64_t imagesOut, uint64_t beatsIn,
             uint64_t beatsOut) {
        if (m_raw) { if (m_file) std::fflush(m_file); return; }
        u8(2);
        u8(status);
        u64(cycles);
        u64(imagesIn);
        u64(imagesOut);
        u64(beatsIn);
        u64(beatsOut);
        std::fflush(m_file);
    }

  private:
    FILE* m_file;
    bool m_raw;
    AxiDma* m_dma;
};

// ---- Register file of the DMA-card stand-in (XdmaRegisters.java has the same map). ----
class Registers {
  public:
    static constexpr uint32_t MAGIC = 0x414B4E58;  // "XNKA"
    enum : off_t { ID = 0x00, VERSION = 0x04, IN_BYTES = 0x08, OUT_BYTES = 0x0C, IN_BEATS = 0x10, OUT_BEATS = 0x14,
                   CONTROL = 0x18, STATUS = 0x1C, CYCLES = 0x20, IMAGES_OUT = 0x28 };
    explicit Registers(const char* path) {
        m_fd = ::open(path, O_RDWR);
        if (m_fd < 0) fail(std::string("cannot open register file ") + path + ": " + std::strerror(errno));
    }
    ~Registers() { ::close(m_fd); }
    void w32(off_t at, uint32_t v) {
        uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
        if (::pwrite(m_fd, b, 4, at) != 4) fail("cannot write the register file");
    }
    void w64(off_t at, uint64_t v) { w32(at, uint32_t(v)); w32(at + 4, uint32_t(v >> 32)); }
    uint32_t r32(off_t at) {
        uint8_t b[4] = {0, 0, 0, 0};
        if (::pread(m_fd, b, 4, at) != 4) return 0;
        return b[0] | (b[1] << 8) | (b[2] << 16) | (uint32_t(b[3]) << 24);
    }
  private:
    int m_fd;
};

uint64_t parseU64(const char* opt, const char* s) {
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(s, &end, 0);
    if (errno || !end || *end || *s == '-') fail(std::string(opt) + " needs a non-negative integer, got '" + s + "'");
    return v;
}

struct Options {
    const char* vectors = nullptr;
    const char* out = nullptr;
    uint64_t seed = 0;
    uint32_t gap = 0, backpressure = 0;
    uint64_t reset = 8;
    uint64_t budget = 0;
    uint64_t outBeats = 1;
    uint64_t dumpStalls = 0;
    bool stream = false;
    uint64_t rawInBeats = 0;
    bool rawOut = false;
    const char* regs = nullptr;
    const char* axidma = nullptr;
    const char* dmabuf = nullptr;
    uint64_t physBase = 0;
};

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a.rfind("+", 0) == 0) continue;  // +verilator+... plusargs go to the context
        if (a == "--stream") { o.stream = true; continue; }
        if (a == "--raw-out") { o.rawOut = true; continue; }
        if (i + 1 >= argc) fail("option " + a + " needs a value");
        const char* v = argv[++i];
        if (a == "--vectors") o.vectors = v;
        else if (a == "--out") o.out = v;
        else if (a == "--seed") o.seed = parseU64("--seed", v);
        else if (a == "--gap") o.gap = static_cast<uint32_t>(parseU64("--gap", v));
        else if (a == "--backpressure") o.backpressure = static_cast<uint32_t>(parseU64("--backpressure", v));
        else if (a == "--reset") o.reset = parseU64("--reset", v);
        else if (a == "--budget") o.budget = parseU64("--budget", v);
        else if (a == "--out-beats") o.outBeats = parseU64("--out-beats", v);
        else if (a == "--raw-in-beats") o.rawInBeats = parseU64("--raw-in-beats", v);
        else if (a == "--regs") o.regs = v;
        else if (a == "--axidma") o.axidma = v;
        else if (a == "--dmabuf") o.dmabuf = v;
        else if (a == "--phys-base") o.physBase = parseU64("--phys-base", v);
        else if (a == "--dump-stalls") o.dumpStalls = parseU64("--dump-stalls", v);
        else fail("unknown option " + a);
    }
    if (o.gap > 65536 || o.backpressure > 65536) fail("--gap and --backpressure are in units of 1/65536: at most 65536");
    if (o.dumpStalls == 0) {
        if (o.axidma) {
            if (!o.dmabuf || o.rawInBeats == 0) fail("--axidma needs --dmabuf and --raw-in-beats");
            o.vectors = o.out = "-";
            o.stream = true;
        }
        if (!o.vectors || !o.out) fail("--vectors and --out are required");
        if (o.budget == 0) fail("--budget (a cycle limit) is required: a hung design must not hang the run");
        if (o.outBeats == 0) fail("--out-beats must be >= 1");
        if (o.reset == 0) fail("--reset must be >= 1 cycle");
        if (o.gap == 65536) fail("--gap 65536 would never send a beat");
    }
    return o;
}

constexpr size_t bytesFor(size_t bits) { return (bits + 7) / 8; }

}  // namespace

int main(int argc, char** argv) {
    // Arguments are parsed before any model exists; the context gets them too, so the
    // +verilator+seed+ and +verilator+rand+reset+ plusargs apply to the model's initial state.
    Options opt = parseOptions(argc, argv);
    if (opt.dumpStalls > 0) {
        StallSeeds seeds(opt.seed);
        SplitMix64 gap(seeds.gap), bp(seeds.backpressure);
        for (uint64_t i = 0; i < opt.dumpStalls; i++)
            std::printf("%016" PRIx64 " %016" PRIx64 "\n", gap.next(), bp.next());
        return 0;
    }

    // The context and model are owned here, not file-scope statics: their destructors must run
    // before the process exits (final blocks, file handles), and static init order is undefined.
    const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
    ctx->randReset(2);  // random initial state: a missing reset shows up as a failure, not luck
    ctx->commandArgs(argc, argv);  // after randReset, so +verilator+rand+reset+N may override it
    const std::unique_ptr<XNK_TOP> top{new XNK_TOP{ctx.get(), "TOP"}};

    constexpr size_t inData = bytesFor(XNK_IN_BITS), inKeep = bytesFor(XNK_IN_BITS / 8);
    constexpr size_t outData = bytesFor(XNK_OUT_BITS), outKeep = bytesFor(XNK_OUT_BITS / 8);
    // The DMA-card stand-in: identity and geometry into the register file, then wait for the
    // host's run bit before the streams open (a card does nothing until its driver starts it).
    std::unique_ptr<Registers> regs;
    if (opt.regs) {
        regs.reset(new Registers(opt.regs));
        regs->w32(Registers::VERSION, 1);
        regs->w32(Registers::IN_BYTES, inData);
        regs->w32(Registers::OUT_BYTES, outData);
        regs->w32(Registers::IN_BEATS, static_cast<uint32_t>(opt.rawInBeats));
        regs->w32(Registers::OUT_BEATS, static_cast<uint32_t>(opt.outBeats));
        regs->w32(Registers::STATUS, 0);
        regs->w32(Registers::ID, Registers::MAGIC);  // last: the host reads the rest once it sees this
        while ((regs->r32(Registers::CONTROL) & 1) == 0) ::usleep(1000);
    }
    std::unique_ptr<AxiDma> dma;
    if (opt.axidma) {
        dma.reset(new AxiDma);
        size_t regsSize = 0;
        dma->regs = AxiDma::map(opt.axidma, &regsSize);
        if (regsSize < AxiDma::SIZE) fail("the AXI DMA register file must be at least 4096 bytes");
        dma->buf = AxiDma::map(opt.dmabuf, &dma->bufSize);
        dma->phys = opt.physBase;
        // A DMA core does nothing until its driver sets the run bit; clearing it later ends the stream.
        while ((dma->r32(AxiDma::MM2S_DMACR) & 1) == 0) ::usleep(1000);
    }
    uint64_t beatsOutShared = 0;  // for the DMA stand-in's drain test (set in the loop below)
    VectorReader* vectorsPtr = nullptr;
    std::function<bool()> drained = [&]() { return beatsOutShared >= vectorsPtr->imagesRead() * opt.outBeats; };
    VectorReader vectors(opt.vectors, inData, inKeep, static_cast<uint32_t>(opt.rawInBeats), dma.get(), dma ? drained : nullptr);
    vectorsPtr = &vectors;
    BeatLog log(opt.out, opt.rawOut, dma.get());
    // Messages go to stderr when stdout carries the beat log.
    FILE* info = log.file() == stdout ? stderr : stdout;
    if (opt.stream) vectors.flushBeforeRead(log.file());
    // Stream table: 0 = m_axis (the results), 1 = s_axis (input fires, cycle and tlast only),
    // 2.. = the debug probes of inter-layer streams.
#define XNK_PROBE_COUNT(p_name, p_valid, p_ready, p_data, p_bytes) +1
    if (!log.raw()) {
        log.u32(2 XNK_PROBES(XNK_PROBE_COUNT));
        log.stream("m_axis", outData, outKeep);
        log.stream("s_axis", 0, 0);
#define XNK_PROBE_STREAM(p_name, p_valid, p_ready, p_data, p_bytes) log.stream(p_name, p_bytes, 0);
        XNK_PROBES(XNK_PROBE_STREAM)
    }

    StallSeeds seeds(opt.seed);
    StallStream gap(seeds.gap, opt.gap), backpressure(seeds.backpressure, opt.backpressure);
    std::fprintf(info, "xnorkit-harness: seed %" PRIu64 " gap %u/65536 backpressure %u/65536 reset %" PRIu64
                " budget %" PRIu64 " cycles\n",
                opt.seed, opt.gap, opt.backpressure, opt.reset, opt.budget);
    std::fflush(info);

    std::vector<uint8_t> zeros(inData + inKeep + 1, 0), outBuf(outData), outKeepBuf(outKeep);
    size_t probeBytes = 1;
#define XNK_PROBE_MAX(p_name, p_valid, p_ready, p_data, p_bytes) probeBytes = std::max<size_t>(probeBytes, p_bytes);
    XNK_PROBES(XNK_PROBE_MAX)
    std::vector<uint8_t> probeBuf(probeBytes);

    // Reset: R rising edges with aresetn low, every input low. Edges are numbered -R..-1.
    top->clock = 0;
    top->aresetn = 0;
    top->s_axis_tvalid = 0;
    putBytes(top->s_axis_tdata, zeros.data(), inData);
    putBytes(top->s_axis_tkeep, zeros.data(), inKeep);
    top->s_axis_tlast = 0;
    top->m_axis_tready = 0;
    top->eval();
    for (uint64_t r = 0; r < opt.reset && !ctx->gotFinish(); r++) {
        top->clock = 1; ctx->timeInc(1); top->eval();
        top->clock = 0; ctx->timeInc(1); top->eval();
    }
    top->aresetn = 1;  // released while the clock is low: edge 0 is the first one sampling it high

    uint64_t beatsIn = 0, beatsOut = 0, imagesIn = 0, cycle = 0;
    uint64_t lastFire = 0;       // streaming: the last cycle a beat fired on either port
    bool holding = false;        // a beat is on s_axis waiting for tready (AXI: hold it)
    bool holdingLast = false;    // the held beat ends its image
    uint8_t status = 0;
    for (;; cycle++) {
        // The run ends at the first cycle where every image went in and all its results came out.
        if (!holding && vectors.exhausted() && beatsOut >= vectors.imagesRead() * opt.outBeats) break;
        if (ctx->gotFinish()) { status = 3; break; }
        if (opt.stream ? cycle - lastFire >= opt.budget : cycle >= opt.budget) { status = 2; break; }

        // Inputs for cycle c change here, with the clock low: after edge c-1, before edge c.
        // Both streams draw exactly once per cycle, whatever the design does.
        bool gapNow = gap.stall();
        bool bpNow = backpressure.stall();
        if (!holding) {
            const uint8_t* beat = gapNow ? nullptr : vectors.nextBeat();
            if (beat) {
                putBytes(top->s_axis_tdata, beat, inData);
                putBytes(top->s_axis_tkeep, beat + inData, inKeep);
                top->s_axis_tlast = beat[inData + inKeep] & 1;
                holdingLast = vectors.imageComplete();
                top->s_axis_tvalid = 1;
                holding = true;
            } else {
                top->s_axis_tvalid = 0;
            }
        }
        top->m_axis_tready = bpNow ? 0 : 1;
        top->eval();

        // A beat fires at edge c iff valid && ready just before it.
        bool inFire = top->s_axis_tvalid && top->s_axis_tready;
        bool outFire = top->m_axis_tvalid && top->m_axis_tready;
        bool outLast = top->m_axis_tlast;
        if (outFire) {
            getBytes(top->m_axis_tdata, outBuf.data(), outData);
            getBytes(top->m_axis_tkeep, outKeepBuf.data(), outKeep);
        }
        {
            // Debug probes: an inter-layer beat fires at edge c under the same rule.
            auto* r = top->rootp;
            (void)r;
            uint16_t stream = 2;
#define XNK_PROBE_SAMPLE(p_name, p_valid, p_ready, p_data, p_bytes)             \
            if ((p_valid) && (p_ready)) {                                      \
                getBytes(p_data, probeBuf.data(), p_bytes);                    \
                log.beat(stream, cycle, false, nullptr, 0, probeBuf.data(), p_bytes); \
            }                                                                  \
            stream++;
            XNK_PROBES(XNK_PROBE_SAMPLE)
            (void)stream;
        }

        top->clock = 1; ctx->timeInc(1); top->eval();  // edge c
        if (inFire || outFire) lastFire = cycle;

        if (inFire) {
            log.beat(1, cycle, top->s_axis_tlast, nullptr, 0, nullptr, 0);
            beatsIn++;
            if (holdingLast) imagesIn++;
            holding = false;
        }
        if (outFire) {
            log.beat(0, cycle, outLast, outKeepBuf.data(), outKeep, outBuf.data(), outData);
            beatsOut++;
            beatsOutShared = beatsOut;
        }
        // Falling edge. It is evaluated together with the next cycle's inputs (one eval() fewer
        // per cycle, ~13 % faster): the designs have no falling-edge logic, so nothing can tell.
        top->clock = 0; ctx->timeInc(1);
    }
    top->eval();
    uint64_t imagesOut = beatsOut / opt.outBeats;
    log.end(status, cycle, imagesIn, imagesOut, beatsIn, beatsOut);
    if (regs) {
        regs->w64(Registers::CYCLES, cycle);
        regs->w64(Registers::IMAGES_OUT, imagesOut);
        regs->w32(Registers::STATUS, status == 0 ? 1 : status);  // 1 done, 2 hung, 3 $finish
    }
    if (dma) {
        dma->w64(AxiDma::XNK_CYCLES, cycle);
        dma->w64(AxiDma::XNK_IMAGES, imagesOut);
        dma->w32(AxiDma::MM2S_DMASR, AxiDma::HALTED);
        dma->w32(AxiDma::S2MM_DMASR, AxiDma::HALTED);
        dma->w32(AxiDma::XNK_STATUS, status == 0 ? 1 : status);  // last: the host waits for it
    }
    top->final();
    if (status == 2)
        std::fprintf(info, "xnorkit-harness: timeout after %" PRIu64 " cycles waiting for the output of image %" PRIu64
                    " (%" PRIu64 " images fully sent)\n", cycle, imagesOut, imagesIn);
    else
        std::fprintf(info, "xnorkit-harness: %s after %" PRIu64 " cycles, %" PRIu64 " images in, %" PRIu64 " out\n",
                    status == 0 ? "done" : "$finish", cycle, imagesIn, imagesOut);
    return status;
}
