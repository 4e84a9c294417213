// Skipping the zeros of A: the steps p of a product that a tile of rows actually needs. About four
// pixels in five of an MNIST digit are 0, and a step p where every row of a tile has A(i,p) = 0 adds
// only zeros to its sums; for z1 = X W1, dW1 = X^T delta1 and the evaluation's forward pass the
// tiles skip half their steps or more. Why the sums stay the same: docs/performance.md, "Skipping
// the zero pixels".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fast/matmul_kernels.hpp"

namespace nn {

// The steps one tile sums over: p = 0, 1, ..., count - 1 when `list` is null, else list[0..count),
// increasing.
struct Steps {
    std::size_t count;
    const std::uint32_t* list;
};

// For each group of `group_rows` consecutive rows of A, from row `first` on (the last group may be
// shorter): the p where at least one row of the group has A(i,p) != 0, in increasing order.
struct StepLists {
    std::size_t first = 0, group_rows = 0, k = 0;
    std::vector<std::uint32_t> steps;  // group g's steps: steps[g k .. g k + count[g])
    std::vector<std::size_t> count;
    std::vector<unsigned char> needed;  // scratch: which steps (or rows) are needed

    // The steps of the group that holds row i.
    Steps of_row(std::size_t i) const {
        const std::size_t g = (i - first) / group_rows;
        return {count[g], steps.data() + g * k};
    }
};

// The p where v[p] != 0, in increasing order, into `list` (resized to their number).
template <typename T>
void list_nonzero(const T* v, std::size_t n, std::vector<std::uint32_t>& list);

// True when no value of v[0..n) is infinite or NaN; reads them as integers, a vector maximum.
template <typename T>
bool all_finite(const T* v, std::size_t n);

// Fills `lists` for rows [i0, i1) of P and returns true when skipping pays and leaves every sum as
// the full product computes it: at most three quarters of the steps are needed (looked at from
// the fourth group, or step of A^T, on: dense A stops the listing early), and every value of B is
// finite. A skipped term is
// A(i,p) B(p,j) = 0 * finite = +-0, and adding a zero does not change a sum (except that -0 + +0 is
// +0: the sign of a zero result may differ, never a value); where B holds an infinity or NaN,
// 0 * inf = NaN must reach C, so nothing is skipped. Returns false otherwise
// (then `lists` is not to be used). B is read where the product reads it (its rows, or B^T's).
// b_finite: the caller knows B is finite, and B is not read (blocked_product's b_finite).
template <typename T>
bool list_needed_steps(const Product<T>& P, std::size_t i0, std::size_t i1, std::size_t group_rows,
                       StepLists& lists, bool b_finite = false);

}  // namespace nn
