// xnorkit unit-bench harness: drives every unit of a UnitBench top (hwgen rtl/UnitBench.scala),
// each through its own ready/valid ports, under the timing contract of docs/timing.md (reset,
// cycle numbering, beat firing, holding inputs, splitmix64 stall streams), and logs every beat
// that fires with its cycle. Each unit has its own seed and stall probabilities, so one build and
// one run check a whole parameter sweep of a generator.
//
//   units --in RUN.bin --out LOG.bin --budget CYCLES [+verilator+seed+V +verilator+rand+reset+2]
//
// RUN.bin (little-endian): magic "XNKUNIT1", u32 units, then per unit: u64 seed, u32 gap,
// u32 backpressure (units of 1/65536), u32 in bytes, u32 out bytes, u64 input beats, u64 output
// beats expected, then the input beats (in bytes each). A unit is done when all its input beats
// fired and its expected output beats came out; the run ends at the first cycle every unit is done.
// LOG.bin: magic "XNKULOG1", then records: u8 1 (input fire) u16 unit u64 cycle; u8 2 (output
// fire) u16 unit u64 cycle, out bytes of data; last u8 3 (end) u8 status (0 done, 2 budget
// exhausted) u64 cycles. Exit status 0 done, 2 budget exhausted, 1 bad arguments or files.

#include <verilated.h>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

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

struct StallStream {
    SplitMix64 gen;
    uint32_t threshold;
    StallStream(uint64_t initialState, uint32_t thr) : gen(initialState), threshold(thr) {}
    bool stall() { return (gen.next() >> 48) < threshold; }
};

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
    std::fprintf(stderr, "xnorkit-units: %s\n", msg.c_str());
    std::exit(1);
}

uint64_t readU(FILE* f, int bytes) {
    uint8_t b[8];
    if (std::fread(b, 1, bytes, f) != static_cast<size_t>(bytes)) fail("run file truncated");
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= static_cast<uint64_t>(b[i]) << (8 * i);
    return v;
}

struct Log {
    FILE* f;
    void u8(uint8_t v) { std::fputc(v, f); }
    void u16(uint16_t v) { u8(v & 0xff); u8(v >> 8); }
    void u64(uint64_t v) { for (int i = 0; i < 8; i++) u8(static_cast<uint8_t>(v >> (8 * i))); }
};

}  // namespace

// Generated: XNK_TOP, XNK_UNITS, and per unit index the port accessors xnkSetIn, xnkInReady,
// xnkOutValid, xnkSetOutReady, xnkGetOut, and the byte widths xnkInBytes / xnkOutBytes.
#include "xnorkit_units.h"

namespace {

struct Unit {
    StallStream gap, bp;
    size_t inBytes, outBytes;
    std::vector<uint8_t> beats;
    uint64_t inBeats, outExpected, next = 0, outs = 0;
    bool holding = false;
    Unit(uint64_t seed, uint32_t g, uint32_t b, size_t ib, size_t ob)
        : gap(0, g), bp(0, b), inBytes(ib), outBytes(ob), inBeats(0), outExpected(0) {
        SplitMix64 master(seed);  // the run seed's first two draws seed the two streams (docs/timing.md)
        gap.gen.state = master.next();
        bp.gen.state = master.next();
    }
    bool done() const { return !holding && next == inBeats && outs >= outExpected; }
};

}  // namespace

int main(int argc, char** argv) {
    const char* in = nullptr;
    const char* out = nullptr;
    uint64_t budget = 0;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a.rfind("+", 0) == 0) continue;
        if (i + 1 >= argc) fail("option " + a + " needs a value");
        const char* v = argv[++i];
        if (a == "--in") in = v;
        else if (a == "--out") out = v;
        else if (a == "--budget") budget = std::strtoull(v, nullptr, 10);
        else fail("unknown option " + a);
    }
    if (!in || !out || budget == 0) fail("--in, --out and --budget are required");

    FILE* rf = std::fopen(in, "rb");
    if (!rf) fail(std::string("cannot open ") + in);
    char magic[8];
    if (std::fread(magic, 1, 8, rf) != 8 || std::memcmp(magic, "XNKUNIT1", 8) != 0) fail("not a unit-bench run file");
    uint32_t n = static_cast<uint32_t>(readU(rf, 4));
    if (n != XNK_UNITS) fail("run file has " + std::to_string(n) + " units, the bench " + std::to_string(XNK_UNITS));
    std::vector<Unit> units;
    for (uint32_t u = 0; u < n; u++) {
        uint64_t seed = readU(rf, 8);
        uint32_t g = static_cast<uint32_t>(readU(rf, 4)), b = static_cast<uint32_t>(readU(rf, 4));
        size_t ib = readU(rf, 4), ob = readU(rf, 4);
        if (ib != xnkInBytes[u] || ob != xnkOutBytes[u]) fail("unit " + std::to_string(u) + ": port widths differ from the bench's");
        if (g >= 65536 || b > 65536) fail("unit " + std::to_string(u) + ": bad stall probability");
        units.emplace_back(seed, g, b, ib, ob);
        Unit& x = units.back();
        x.inBeats = readU(rf, 8);
        x.outExpected = readU(rf, 8);
        x.beats.resize(x.inBeats * ib);
        if (!x.beats.empty() && std::fread(x.beats.data(), 1, x.beats.size(), rf) != x.beats.size()) fail("run file truncated in the beats");
    }
    std::fclose(rf);

    Log log{std::fopen(out, "wb")};
    if (!log.f) fail(std::string("cannot write ") + out);
    std::setvbuf(log.f, nullptr, _IOFBF, 1 << 20);
    std::fwrite("XNKULOG1", 1, 8, log.f);

    const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
    ctx->randReset(2);
    ctx->commandArgs(argc, argv);
    const std::unique_ptr<XNK_TOP> top{new XNK_TOP{ctx.get(), "TOP"}};
    std::vector<uint8_t> zeros(4096, 0), buf(4096);

    top->clock = 0;
    top->aresetn = 0;
    for (uint32_t u = 0; u < n; u++) { xnkSetIn(top.get(), u, false, zeros.data()); xnkSetOutReady(top.get(), u, false); }
    top->eval();
    for (int r = 0; r < 8; r++) {
        top->clock = 1; ctx->timeInc(1); top->eval();
        top->clock = 0; ctx->timeInc(1); top->eval();
    }
    top->aresetn = 1;

    std::vector<char> inFire(n), outFire(n);
    uint64_t cycle = 0;
    uint8_t status = 0;
    for (;; cycle++) {
        bool all = true;
        for (auto& x : units) all = all && x.done();
        if (all) break;
        if (cycle >= budget) { status = 2; break; }
        for (uint32_t u = 0; u < n; u++) {
            Unit& x = units[u];
            bool gapNow = x.gap.stall(), bpNow = x.bp.stall();
            if (!x.holding && !gapNow && x.next < x.inBeats) {
                xnkSetIn(top.get(), u, true, x.beats.data() + x.next * x.inBytes);
                x.holding = true;
            } else if (!x.holding) {
                xnkSetIn(top.get(), u, false, zeros.data());
            }
            xnkSetOutReady(top.get(), u, !bpNow);
        }
        top->eval();
        // A beat fires at edge c iff valid && ready just before it.
        for (uint32_t u = 0; u < n; u++) {
            inFire[u] = units[u].holding && xnkInReady(top.get(), u);
            outFire[u] = xnkOutValid(top.get(), u) && xnkOutReady(top.get(), u);
            if (outFire[u]) {
                xnkGetOut(top.get(), u, buf.data());
                log.u8(2); log.u16(static_cast<uint16_t>(u)); log.u64(cycle);
                std::fwrite(buf.data(), 1, units[u].outBytes, log.f);
                units[u].outs++;
            }
            if (inFire[u]) {
                log.u8(1); log.u16(static_cast<uint16_t>(u)); log.u64(cycle);
                units[u].holding = false;
                units[u].next++;
            }
        }
        top->clock = 1; ctx->timeInc(1); top->eval();
        top->clock = 0; ctx->timeInc(1);
    }
    top->eval();
    top->final();
    log.u8(3); log.u8(status); log.u64(cycle);
    std::fclose(log.f);
    return status;
}
