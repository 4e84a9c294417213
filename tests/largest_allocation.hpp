// Counts the largest `new` of a test program, so a test can check that a parser never allocates
// more than its input justifies, whatever sizes a header claims (test_idx, test_model_file,
// test_pgm). It replaces the global operator new and delete, so include it from the one .cpp file
// of a test program only (a replacement may not be inline).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

static std::size_t largest_allocation = 0;  // set it to 0, parse, then compare

void* operator new(std::size_t n) {
    if (n > largest_allocation) largest_allocation = n;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
