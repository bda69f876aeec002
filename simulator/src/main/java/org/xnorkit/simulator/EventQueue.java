package org.xnorkit.simulator;

import java.util.Arrays;

/**
 * The event loop's agenda: (cycle, stage) pairs, earliest cycle first (lower stage first on a
 * tie), as a binary min-heap of longs {@code cycle·2^bits + stage}. Entries are never removed
 * early: a stage rescheduled leaves its old entry behind, which the loop recognises as stale.
 */
final class EventQueue {
  private final int bits;
  private long[] heap = new long[64];
  private int size;

  EventQueue(int stages) {
    this.bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, stages - 1));
  }

  void schedule(long cycle, int stage) {
    long key = (cycle << bits) | stage;
    if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= key) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = key;
  }

  /** The earliest cycle scheduled, or Long.MAX_VALUE when none. */
  long peekTime() { return size == 0 ? Long.MAX_VALUE : heap[0] >>> bits; }

  /** Removes the earliest entry and returns its stage. */
  int poll() {
    long top = heap[0];
    long key = heap[--size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= key) break;
      heap[i] = heap[child];
      i = child;
    }
    if (size > 0) heap[i] = key;
    return (int) (top & ((1L << bits) - 1));
  }
}
