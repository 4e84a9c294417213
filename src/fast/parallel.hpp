// A persistent pool of worker threads and parallel_for over a range split into contiguous chunks.
// Why it cannot change results: docs/09-numerical-care.md (each output is summed by one thread, in one order).
#pragma once

#include <cstddef>

namespace nn {

// Sets how many threads parallel_for uses (1 = run everything on the calling thread).
// Throws std::invalid_argument for n < 1. Not to be called while a parallel_for runs.
void set_thread_count(int n);
// The threads a parallel_for started here would use: the count set, or 1 inside a chunk of another
// parallel_for (which runs a parallel_for of its own on its thread, as one chunk).
int thread_count();

// While one lives, parallel_for on this thread runs its whole range here as one chunk, and
// thread_count() says 1: for work too small to share, where waking the other thread and moving
// lines between the cores costs more than the split saves (the small networks' step,
// fast/finite_weights.cpp). Nothing else changes: every result is the same on any thread count.
class OnThisThread {
public:
    OnThisThread();
    ~OnThisThread();
    OnThisThread(const OnThisThread&) = delete;
    OnThisThread& operator=(const OnThisThread&) = delete;

private:
    bool previous_;
};

// A chunk of work as the pool runs it: call(body, begin, end), body being the caller's lambda.
// A plain function pointer and an untyped pointer, not a std::function, so that handing a lambda
// to the pool never allocates, whatever it captures (nothing is allocated per training step).
using ChunkCall = void (*)(const void* body, std::size_t begin, std::size_t end);
void parallel_for_chunks(std::size_t n, ChunkCall call, const void* body, std::size_t align);

// Calls body(begin, end) on disjoint contiguous chunks that together cover [0, n), one chunk per
// thread, and returns when all are done. The calling thread works on the first chunk, so with one
// thread this is a plain call. Chunk boundaries are multiples of `align` (except the last end).
template <typename Body>
void parallel_for(std::size_t n, const Body& body, std::size_t align = 1) {
    const ChunkCall call = [](const void* b, std::size_t begin, std::size_t end) {
        (*static_cast<const Body*>(b))(begin, end);
    };
    parallel_for_chunks(n, call, &body, align);
}

}  // namespace nn
