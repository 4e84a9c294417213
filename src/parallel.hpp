// A persistent pool of worker threads and parallel_for over a range split into contiguous chunks.
// Why it cannot change results: docs/09-numerical-care.md (each output is summed by one thread, in one order).
#pragma once

#include <cstddef>
#include <functional>

namespace nn {

// Sets how many threads parallel_for uses (1 = run everything on the calling thread).
// Throws std::invalid_argument for n < 1. Not to be called while a parallel_for runs.
void set_thread_count(int n);
int thread_count();

// Calls body(begin, end) on disjoint contiguous chunks that together cover [0, n), one chunk per
// thread, and returns when all are done. The calling thread works on the first chunk, so with one
// thread this is a plain call. Chunk boundaries are multiples of `align` (except the last end).
void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& body,
                  std::size_t align = 1);

}  // namespace nn
