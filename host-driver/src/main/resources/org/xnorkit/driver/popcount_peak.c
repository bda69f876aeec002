/* xnorkit: this machine's XNOR-popcount peak, in binary operations per second.
 *
 * One binary operation (BOP) is one XNOR-popcount multiply-accumulate of one bit, as
 * NetworkStats counts them: a 64-bit word of XNOR + popcount is 64 BOPs. Each thread runs the
 * engine's inner loop, acc += popcount(~(x ^ w)), over rows that stay in L1 cache, so the figure
 * is the arithmetic peak, not a memory bound. Compiled with gcc -O3 -march=native: the compiler
 * vectorises the popcount with the widest instruction the CPU has (AVX-512 VPOPCNTDQ, else
 * AVX2 shuffles or scalar POPCNT).
 *
 *   popcount_peak THREADS SECONDS   prints: threads T words W seconds S bops B
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define WORDS 512 /* 4 KiB per operand: both rows fit in L1 */

typedef struct {
    double seconds;
    uint64_t words;
    uint64_t sink;
} job_t;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* The kernel: one row of XNOR-popcount. noinline keeps the compiler from folding passes together. */
__attribute__((noinline)) static uint64_t row(const uint64_t *x, const uint64_t *w, int n) {
    uint64_t acc = 0;
    for (int i = 0; i < n; i++) acc += (uint64_t)__builtin_popcountll(~(x[i] ^ w[i]));
    return acc;
}

static void *work(void *arg) {
    job_t *job = (job_t *)arg;
    uint64_t *x = aligned_alloc(64, WORDS * 8), *w = aligned_alloc(64, WORDS * 8);
    uint64_t s = (uint64_t)(uintptr_t)arg | 1;
    for (int i = 0; i < WORDS; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        x[i] = s;
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        w[i] = s;
    }
    uint64_t words = 0, sink = 0;
    double start = now(), t = start;
    while (t - start < job->seconds) {
        for (int r = 0; r < 256; r++) {
            sink += row(x, w, WORDS);
            x[r & (WORDS - 1)] ^= sink; /* the next pass depends on this one: nothing to hoist */
        }
        words += 256ull * WORDS;
        t = now();
    }
    job->seconds = t - start;
    job->words = words;
    job->sink = sink;
    free(x);
    free(w);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: popcount_peak THREADS SECONDS\n");
        return 1;
    }
    int threads = atoi(argv[1]);
    double seconds = atof(argv[2]);
    if (threads < 1 || threads > 4096 || !(seconds > 0)) {
        fprintf(stderr, "popcount_peak: bad arguments\n");
        return 1;
    }
    pthread_t *tid = calloc(threads, sizeof(pthread_t));
    job_t *jobs = calloc(threads, sizeof(job_t));
    for (int i = 0; i < threads; i++) {
        jobs[i].seconds = seconds;
        if (pthread_create(&tid[i], NULL, work, &jobs[i]) != 0) {
            fprintf(stderr, "popcount_peak: cannot start thread %d\n", i);
            return 1;
        }
    }
    uint64_t words = 0, sink = 0;
    double longest = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        words += jobs[i].words;
        sink ^= jobs[i].sink;
        if (jobs[i].seconds > longest) longest = jobs[i].seconds;
    }
    /* All threads ran at once, so the rate is their total work over the longest wall time. */
    printf("threads %d words %llu seconds %.6f bops %.6e sink %llu\n", threads, (unsigned long long)words, longest,
           words * 64.0 / longest, (unsigned long long)(sink & 1));
    return 0;
}
