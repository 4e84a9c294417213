// The blocked product behind matmul, matmul_at and matmul_bt: a register-blocked micro-kernel,
// panels of B, and tiles of C shared among threads. Explained step by step in docs/performance.md.
#include "fast/matmul_kernels.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "fast/parallel.hpp"
#include "fast/zero_steps.hpp"

namespace nn {
namespace {

// The vector registers of the CPU this file is compiled for: how many there are, and how many bytes
// each holds. The compiler says so through the macros of its -march flags; no intrinsics are used.
#if defined(__AVX512F__)
constexpr std::size_t kRegisters = 32, kRegisterBytes = 64;  // AVX-512: zmm0..zmm31
#elif defined(__AVX__)
constexpr std::size_t kRegisters = 16, kRegisterBytes = 32;  // AVX, AVX2: ymm0..ymm15
#elif defined(__aarch64__)
constexpr std::size_t kRegisters = 32, kRegisterBytes = 16;  // ARM NEON (Apple silicon): v0..v31
#else
constexpr std::size_t kRegisters = 16, kRegisterBytes = 16;  // SSE2, every x86-64: xmm0..xmm15
#endif

// Tile sizes (docs/performance.md, "The micro-kernel"). A tile of MR rows x NR columns of C stays
// in registers while p runs over all of k: NR is two registers (32 floats with AVX-512), so a full
// tile takes 2 MR registers, plus two for the row of B and one for A(r,p). W is one register; panels
// narrower than NR use tiles W wide and MR_narrow rows tall. A single row (batch 1: a vector-matrix
// product) uses NR_row columns, four registers, so that four independent sums hide the latency of
// the fused multiply-add. With 32 registers the forward products A B (z1 = X W1, the evaluation's)
// take tiles NR_forward = three registers wide: 24 sums, and each A(r,p) broadcast feeds three
// fused multiply-adds instead of two (z1 on batches of 64, aligned rows of W1: 124-128 -> 111-115 us
// at one thread, 70-74 -> 61-63 us at two; docs/performance.md, "Issue 17, tenth session"); the
// update, which subtracts its tile from W1, was slower so. The sizes change where a sum is computed, never how:
// each C(i,j) is summed in the same order on every CPU and with every compiler.
template <typename T>
struct Tile {
    static constexpr std::size_t W = kRegisterBytes / sizeof(T);
    static constexpr std::size_t NR = 2 * W, NR_row = 4 * W, NR_forward = kRegisters == 32 ? 3 * W : NR;
    static constexpr std::size_t MR = kRegisters == 32 ? 8 : 6;           // 16 or 12 sums + 3 <= registers
    // 16 or 8 sums + 2. With 16 registers, 8 rather than 12: it divides the batch sizes 64 and 128,
    // and clang++ compiles the 4-row edge tile that 12 leaves at batch 64 into scalar code.
    static constexpr std::size_t MR_narrow = kRegisters == 32 ? 16 : 8;
};

// g++ and clang++ vectorise the j loop of the micro-kernel in different ways, and each needs its own
// hint to keep the tile's sums in registers. g++ 12 would unroll the loop completely before
// vectorising, then vectorise the p loop instead (shuffles, half-width): `unroll 1` keeps it a loop
// until it has become NR / W vector FMAs. clang++ vectorises whole unrolled statements (its "SLP"
// vectoriser), so there the loop must be unrolled completely first; without it clang++ keeps the
// sums in memory and runs 3x slower (docs/performance.md, "Reading the assembly").
// MNIST_ROW_LOOP, on the r loop around it: with AVX-512, which can gather and scatter, clang++ 14
// would otherwise vectorise the r loop *across rows* (acc[0][j], acc[1][j], ... gathered from memory
// and scattered back every step, 20-50x slower); g++ does not, and needs no hint.
// MNIST_MASKED_LOOP: a loop of constant length with a condition (j < cols) that should become one
// vector instruction under a mask (see store_tile and pack_panel). clang++ needs to be told to
// vectorise it and not to unroll it first (unrolled, it is one compare, branch and scalar move per
// value). For the stores of a partial tile clang++ does so only where AVX-512 gives it masked stores:
// with AVX2 it builds the mask with several instructions per row, more than the unrolled code costs.
// MNIST_SCALAR_FUNCTION: a function whose loops must stay scalar (row_dot_rows). clang++ is told so
// loop by loop (MNIST_ROW_LOOP); g++ 12 has no such loop pragma, only this function attribute.
// MNIST_TILE_ROWS: the rows of a tile subtracted from C (subtract_tile). g++ is told to unroll them
// completely, so that the tile's sums and the column checks stay in registers: as a loop it kept them
// on the stack, and each row's check waited on the one stored by the row before (default epoch
// 0.267-0.271 -> 0.251-0.255 s at 1 thread). clang++ gains nothing from the unrolling (it was slower),
// and gets MNIST_ROW_LOOP.
// MNIST_NO_JAM: g++'s unroll-and-jam (-O3) fuses two steps of a single listed row into one j loop,
// which it then leaves scalar or turns into gathers; see listed_row_kernel. clang++ does not.
#if defined(__clang__)
#define MNIST_NO_JAM
#define MNIST_SCALAR_FUNCTION
#define MNIST_VECTOR_LOOP _Pragma("clang loop unroll(full)")
#define MNIST_ROW_LOOP _Pragma("clang loop vectorize(disable)")
#define MNIST_TILE_ROWS MNIST_ROW_LOOP
#if defined(__AVX512F__)
#define MNIST_MASKED_LOOP _Pragma("clang loop vectorize(enable) unroll(disable)")
#define MNIST_MASKED_STORE_LOOP MNIST_MASKED_LOOP
#else  // 8 or fewer lanes: clang++ vectorises the copy without the unroll hint, and the stores unrolled
#define MNIST_MASKED_LOOP _Pragma("clang loop vectorize(enable)")
#define MNIST_MASKED_STORE_LOOP MNIST_VECTOR_LOOP
#endif
#else
#define MNIST_NO_JAM __attribute__((optimize("no-loop-unroll-and-jam")))
#define MNIST_SCALAR_FUNCTION __attribute__((optimize("no-tree-vectorize")))
#define MNIST_VECTOR_LOOP _Pragma("GCC unroll 1")
#define MNIST_ROW_LOOP
#define MNIST_TILE_ROWS _Pragma("GCC unroll 16")
#define MNIST_MASKED_LOOP _Pragma("GCC unroll 1")
#define MNIST_MASKED_STORE_LOOP MNIST_MASKED_LOOP
#endif

// Below this many multiply-adds a product runs on the calling thread: waking the pool costs more.
constexpr std::size_t kParallelWork = 1 << 19;

// Writes the first `cols` columns of a tile to C. The j loop runs to the constant NR with a
// condition, not to `cols`, so that each row becomes one vector store under a mask (g++ always,
// clang++ with AVX-512; see MNIST_MASKED_STORE_LOOP). The tile of an n = 10 product is 10 of 16
// lanes wide, so this store is in every tile of z2, dW2 and the batch-1 dW.
// A full tile (cols == NR, every tile of z1 and dW1, and all but the last of dh) is stored without
// the condition: the plain loop is NR / W vector stores for both compilers, where clang++'s unrolled
// conditional loop was NR compares and scalar stores per row, more than the k = 10 steps of dh.
// Always inlined into the micro-kernel: as a call, clang++ passed the tile through memory (with a
// vzeroupper), which doubled the time of the k = 10 product dh.
template <typename T, std::size_t R, std::size_t NR>
[[gnu::always_inline]] inline void store_tile(const T (&acc)[R][NR], T* c, std::size_t ldc, std::size_t cols) {
    if (cols == NR) {
        for (std::size_t r = 0; r < R; ++r)
            MNIST_VECTOR_LOOP
            for (std::size_t j = 0; j < NR; ++j) c[r * ldc + j] = acc[r][j];
        return;
    }
    for (std::size_t r = 0; r < R; ++r)
        MNIST_MASKED_STORE_LOOP
        for (std::size_t j = 0; j < NR; ++j)
            if (j < cols) c[r * ldc + j] = acc[r][j];
}

// Product::subtract for the tiles this thread computes (set by compute_tiles, one product at a time):
// eta, and whether a value written is infinite or NaN.
template <typename T>
struct Subtracting {
    T eta = T(0);
    bool wrote_non_finite = false;
};
template <typename T>
thread_local Subtracting<T> subtracting;

// c -= eta g as subtract_scaled computes theta -= eta d (one fused multiply-add with
// -ffp-contract=fast, in both), and check += c - c: 0 while every c is finite, NaN from the first
// infinity or NaN on (inf - inf and NaN - NaN are NaN, never 0). A sum, not a compare per value, so
// that the loops around it stay vector code with one test per tile.
template <typename T>
[[gnu::always_inline]] inline void subtract_value(T& c, T eta, T g, T& check) {
    c -= eta * g;
    check += c - c;
}

// C -= eta tile, value by value: a full tile as loops of constant length (vector code), a partial one
// under a mask, as store_tile writes them.
template <typename T, std::size_t R, std::size_t NR>
[[gnu::always_inline]] inline void subtract_tile(const T (&acc)[R][NR], T* c, std::size_t ldc, std::size_t cols) {
    const T eta = subtracting<T>.eta;
    T check[NR] = {};  // column j's check, down the tile's rows
    if (cols == NR) {
        MNIST_TILE_ROWS
        for (std::size_t r = 0; r < R; ++r) {
            T* row = c + r * ldc;
            MNIST_VECTOR_LOOP
            for (std::size_t j = 0; j < NR; ++j) subtract_value(row[j], eta, acc[r][j], check[j]);
        }
    } else {
        for (std::size_t r = 0; r < R; ++r) {
            T* row = c + r * ldc;
            MNIST_MASKED_STORE_LOOP
            for (std::size_t j = 0; j < NR; ++j)
                if (j < cols) subtract_value(row[j], eta, acc[r][j], check[j]);
        }
    }
    unsigned not_finite = 0;
    for (std::size_t j = 0; j < NR; ++j) not_finite |= !(check[j] == T(0));
    if (not_finite) subtracting<T>.wrote_non_finite = true;
}

// The micro-kernel: C(0..R-1, 0..cols-1) = A(0..R-1, :) B(:, 0..NR-1), with row p of the B panel
// at b + p*b_inner (NR contiguous values). This is the reference triple loop with the i and j
// loops cut to the tile and moved inside the p loop; R and NR are compile-time constants, so the
// compiler keeps acc in registers and turns the j loop into vector fused multiply-adds with A(r,p)
// broadcast. Each acc[r][j] still adds its products in increasing p, starting from 0.
// Never inlined: inside its caller clang++ no longer keeps acc in registers; a call per tile costs
// nothing beside its k steps (both compilers understand the attribute).
// What a kernel does besides C = A B, as the bits of one template argument (each combination is
// its own code, so the plain product carries none of the others' tests):
// kListed: p runs over the tile's list of needed steps (fast/zero_steps.hpp), skipping the p where
// every row of the tile has A(r,p) = 0; the terms of the other steps are added in the same order.
// kAhead (listed only): the row of B kStepsAhead listed steps on is requested now, each of its
// cache lines. The hardware prefetcher follows strides, not a list; a row of B that comes from
// L2, or from the other core's cache, is a wait that the FMAs in between can hide.
// kSubtract: the tile is subtracted from C, scaled (Product::subtract), instead of stored.
// kAccumulate: each sum starts from C's value, not from 0 (Product::accumulate).
constexpr unsigned kListed = 1, kAhead = 2, kSubtract = 4, kAccumulate = 8;
constexpr std::size_t kStepsAhead = 16;

// The start of a kernel: each sum from 0, as in the reference loop, or from C's value (kAccumulate),
// read as store_tile writes it: whole rows of a full tile, the first `cols` values under a mask.
template <typename T, std::size_t R, std::size_t NR, unsigned Kind>
[[gnu::always_inline]] inline void start_tile(T (&acc)[R][NR], const T* c, std::size_t ldc, std::size_t cols) {
    if constexpr ((Kind & kAccumulate) != 0) {
        for (std::size_t r = 0; r < R; ++r)
            MNIST_MASKED_STORE_LOOP
            for (std::size_t j = 0; j < NR; ++j) acc[r][j] = j < cols ? c[r * ldc + j] : T(0);
    } else {
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t j = 0; j < NR; ++j) acc[r][j] = T(0);
    }
}

// The end of a kernel: store the tile, or subtract it (kSubtract).
template <typename T, std::size_t R, std::size_t NR, unsigned Kind>
[[gnu::always_inline]] inline void finish_tile(const T (&acc)[R][NR], T* c, std::size_t ldc, std::size_t cols) {
    if constexpr ((Kind & kSubtract) != 0) subtract_tile<T, R, NR>(acc, c, ldc, cols);
    else store_tile<T, R, NR>(acc, c, ldc, cols);
}

template <typename T, std::size_t R, std::size_t NR, unsigned Kind>
[[gnu::noinline]] void micro_kernel(Steps steps, const T* a, std::size_t a_row, std::size_t a_inner, const T* b,
                  std::size_t b_inner, T* c, std::size_t ldc, std::size_t cols) {
    constexpr bool Listed = (Kind & kListed) != 0, Ahead = (Kind & kAhead) != 0;
    T acc[R][NR];
    start_tile<T, R, NR, Kind>(acc, c, ldc, cols);
    for (std::size_t t = 0; t < steps.count; ++t) {
        const std::size_t p = Listed ? steps.list[t] : t;
        const T* b_p = b + p * b_inner;
        const T* a_p = a + p * a_inner;
        if constexpr (Ahead) {
            const T* later = b + steps.list[std::min(t + kStepsAhead, steps.count - 1)] * b_inner;
            for (std::size_t o = 0; o < NR; o += 64 / sizeof(T)) __builtin_prefetch(later + o);
            __builtin_prefetch(later + NR - 1);  // the last line, when the row does not start on one
        }
        MNIST_ROW_LOOP
        for (std::size_t r = 0; r < R; ++r) {
            const T a_rp = a_p[r * a_row];
            if constexpr (NR == 3 * Tile<T>::W) {  // three registers: g++ vectorises the j loop only as whole ones
                _Pragma("GCC unroll 16")
                for (std::size_t v = 0; v < NR; v += Tile<T>::W)
                    MNIST_VECTOR_LOOP  // one vector FMA
                    for (std::size_t q = 0; q < Tile<T>::W; ++q) acc[r][v + q] += a_rp * b_p[v + q];
            } else {
                MNIST_VECTOR_LOOP  // NR / W vector FMAs, with A(r,p) broadcast (see the macro)
                for (std::size_t j = 0; j < NR; ++j) acc[r][j] += a_rp * b_p[j];
            }
        }
    }
    finish_tile<T, R, NR, Kind>(acc, c, ldc, cols);
}

// The micro-kernel of a single row with a list of steps (z1 = x W1 in the online step's forward
// pass, fast/online.hpp): the same sums in the same order. g++ compiled micro_kernel<1, NR, true>
// 3x slower than the full row it replaces: its unroll-and-jam (-O3) fused two steps into one j loop
// and left that scalar, and without the jam it kept acc on the stack. Here the j loop is written as
// whole registers, unrolled (GCC unroll, which clang++ reads too), each one vector FMA, and g++ is
// told not to jam (MNIST_NO_JAM): 4.3-4.7 us -> 3.2 us for z1 at 784-300-10 (docs/performance.md).
template <typename T, std::size_t NR, unsigned Kind>
[[gnu::noinline]] MNIST_NO_JAM void listed_row_kernel(Steps steps, const T* a, std::size_t a_inner, const T* b,
                                                      std::size_t b_inner, T* c, std::size_t ldc, std::size_t cols) {
    constexpr std::size_t W = Tile<T>::W;
    T acc[1][NR];
    start_tile<T, 1, NR, Kind>(acc, c, ldc, cols);
    for (std::size_t t = 0; t < steps.count; ++t) {
        const std::size_t p = steps.list[t];
        const T a_p = a[p * a_inner];
        const T* b_p = b + p * b_inner;
        _Pragma("GCC unroll 16")
        for (std::size_t v = 0; v < NR; v += W)
            MNIST_VECTOR_LOOP  // one vector FMA, with A(0,p) broadcast
            for (std::size_t q = 0; q < W; ++q) acc[0][v + q] += a_p * b_p[v + q];
    }
    finish_tile<T, 1, NR, Kind>(acc, c, ldc, cols);
}

// The micro-kernel for the rows of this tile (1..MR, or 1..MR_narrow for one-register-wide tiles;
// fewer at the bottom edge of C). The vector-matrix width NR_row only ever sees single rows.
template <typename T, std::size_t NR, unsigned Kind>
void tile_kernel(std::size_t rows, Steps steps, const T* a, std::size_t a_row, std::size_t a_inner,
                 const T* b, std::size_t b_inner, T* c, std::size_t ldc, std::size_t cols) {
    constexpr std::size_t MR = Tile<T>::MR, MR_narrow = Tile<T>::MR_narrow;
    static_assert(MR <= 8 && MR < MR_narrow && MR_narrow <= 2 * MR, "one case per row count");
    if constexpr ((Kind & kListed) != 0) {
        if (rows == 1) return listed_row_kernel<T, NR, Kind>(steps, a, a_inner, b, b_inner, c, ldc, cols);
    }
    if constexpr (NR == Tile<T>::NR_row) {
        for (std::size_t r = 0; r < rows; ++r)
            micro_kernel<T, 1, NR, Kind>(steps, a + r * a_row, a_row, a_inner, b, b_inner, c + r * ldc, ldc,
                                                  cols);
        return;
    } else {
        // One-register-wide tiles (n = 10) have only MR sums for MR rows: take MR_narrow rows at a
        // time, so each load of B feeds more FMAs and more independent sums hide the FMA latency.
        if constexpr (NR == Tile<T>::W) {
            if (rows == MR_narrow)
                return micro_kernel<T, MR_narrow, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc,
                                                                     cols);
            if (rows > MR) {
                micro_kernel<T, MR, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
                return tile_kernel<T, NR, Kind>(rows - MR, steps, a + MR * a_row, a_row, a_inner, b,
                                                         b_inner, c + MR * ldc, ldc, cols);
            }
        }
        switch (rows) {
            case 8: return micro_kernel<T, 8, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 7: return micro_kernel<T, 7, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 6: return micro_kernel<T, 6, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 5: return micro_kernel<T, 5, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 4: return micro_kernel<T, 4, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 3: return micro_kernel<T, 3, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 2: return micro_kernel<T, 2, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            default: return micro_kernel<T, 1, NR, Kind>(steps, a, a_row, a_inner, b, b_inner, c, ldc, cols);
        }
    }
}

// Packing buffer, one per thread, grown on first use and then reused: no allocation per step.
// Its start is aligned to a 64-byte cache line, as every row of a panel then is (NR values are
// 128 bytes): a 512-bit load that straddles two lines costs two, and the narrow products, which
// read their packed panel for every row tile, were 5-10 % faster aligned (docs/performance.md).
template <typename T>
T* panel_buffer(std::size_t size) {
    thread_local std::vector<T> buffer;
    return line_aligned(buffer, size);
}

// A row whose NR values all lie inside B is copied whole, without a mask: the values past `cols` are
// the next row's first ones and land in the padding, which is computed but never stored. Only the
// last rows, whose NR values would run past the end of B, are masked. (Batch 1 of z2 = h W2 packs
// 300 rows for one row tile: there the mask was half the time.) This is how many rows are whole.
template <std::size_t NR>
std::size_t whole_rows(std::size_t inner, std::size_t k, std::size_t cols) {
    const std::size_t span = (k - 1) * inner + cols;  // values from the panel's first to its last
    return span < NR ? 0 : std::min(k, (span - NR) / inner + 1);
}

// Row p of a panel along B's rows: whole (all NR values lie inside B), or masked past `cols`.
template <typename T, std::size_t NR>
void pack_row(const T* __restrict from, std::size_t inner, std::size_t p, bool whole, std::size_t cols,
              T* __restrict to) {
    if (whole) {
        MNIST_VECTOR_LOOP
        for (std::size_t c = 0; c < NR; ++c) to[p * NR + c] = from[p * inner + c];
        return;
    }
    MNIST_MASKED_LOOP
    for (std::size_t c = 0; c < NR; ++c) to[p * NR + c] = c < cols ? from[p * inner + c] : T(0);
}

// The k x NR panel of B for columns [j, j + cols), copied into `to`, padded up to NR.
// Where B's rows are contiguous (a panel narrower than NR), each row is a loop of constant length
// NR with a condition, which both compilers make one masked vector load and store (clang++ only
// when told to vectorise it: its cost model picks scalar code with a branch per value, 3x longer).
// __restrict: the buffer never overlaps B, so clang++ need not check it for every row.
// For A B^T, column c of the panel is row j + c of the stored B, read along that row: plain copies,
// where the conditional loop was a gather for g++ and scalar code for clang++, both 2x slower.
template <typename T, std::size_t NR>
void pack_panel(const T* __restrict from, std::size_t inner, std::size_t step, std::size_t k, std::size_t cols,
                T* __restrict to) {
    if (step == 1) {
        const std::size_t whole = whole_rows<NR>(inner, k, cols);
        for (std::size_t p = 0; p < k; ++p) pack_row<T, NR>(from, inner, p, p < whole, cols, to);
        return;
    }
    for (std::size_t p = 0; p < k; ++p) {
        for (std::size_t c = 0; c < cols; ++c) to[p * NR + c] = from[c * step + p * inner];
        for (std::size_t c = cols; c < NR; ++c) to[p * NR + c] = T(0);
    }
}

// pack_panel (rows along B's rows) for only the rows p a list of steps reads: a single row of A
// (batch 1) with its zero steps left out reads about one row of B in five, and packing all k rows
// for the last, narrow panel of z1 = x W1 cost more than its listed product. The other rows of
// the buffer are left as they were, never read.
template <typename T, std::size_t NR>
void pack_listed_rows(const T* __restrict from, std::size_t inner, Steps steps, std::size_t k, std::size_t cols,
                      T* __restrict to) {
    const std::size_t whole = whole_rows<NR>(inner, k, cols);
    for (std::size_t t = 0; t < steps.count; ++t) {
        const std::size_t p = steps.list[t];
        pack_row<T, NR>(from, inner, p, p < whole, cols, to);
    }
}

// Product::subtract reads each value of C before it writes it, and W1's lines arrive late: the
// lines of the tile kUpdateAhead tiles further down the panel (`rows` rows from row i) are requested
// for writing now. Without it, W1 -= eta X^T delta1 took as long on two threads as on one
// (0.12 s an epoch; 0.084 s with it, mnist_bench data steps).
constexpr std::size_t kUpdateAhead = 8;
template <typename T, std::size_t NR>
void request_for_update(const Product<T>& P, std::size_t i, std::size_t rows, std::size_t i1, std::size_t j) {
    for (std::size_t r = i; r < std::min(i1, i + rows); ++r) {
        const T* row = P.c + r * P.ldc() + j;
        __builtin_prefetch(row, 1);
        __builtin_prefetch(row + NR - 1, 1);
    }
}

// Columns [j, j + cols) of C, rows [i0, i1) (cols <= NR). A panel narrower than NR is done as
// narrower panels (NR/2, ..., W), so that B is read in place wherever its rows are contiguous. Only
// a bottom-width panel that is still not full, or any panel of A B^T (whose B runs across rows), is
// copied into the buffer as k rows of its width, padded on the right (the padding columns are
// computed but never stored). Which width computes C(i,j) does not change how it is summed.
// With step lists (fast/zero_steps.hpp), every tile is at most MR rows, the rows of one list;
// `ahead`: their kernels request B's rows ahead (kAhead).
template <typename T, std::size_t NR>
void column_panel(const Product<T>& P, const StepLists* lists, bool ahead, std::size_t i0, std::size_t i1,
                  std::size_t j, std::size_t cols) {
    constexpr std::size_t MR = Tile<T>::MR;
    if constexpr (NR > Tile<T>::W) {
        if (cols < NR) {  // 4 registers: 2 + 2; 3: 2 + 1; 2: 1 + 1
            constexpr std::size_t front = NR == 3 * Tile<T>::W ? 2 * Tile<T>::W : NR / 2;
            column_panel<T, front>(P, lists, ahead, i0, i1, j, std::min(cols, front));
            if (cols > front) column_panel<T, NR - front>(P, lists, ahead, i0, i1, j + front, cols - front);
            return;
        }
    }
    const T* panel = P.b + j * P.b_col;
    std::size_t panel_inner = P.b_inner;
    if (P.b_col != 1 || cols != NR) {
        T* buffer = panel_buffer<T>(P.k * NR);
        if (lists && lists->count.size() == 1 && P.b_col == 1)  // one list (batch 1): only its rows
            pack_listed_rows<T, NR>(panel, P.b_inner, lists->of_row(i0), P.k, cols, buffer);
        else
            pack_panel<T, NR>(panel, P.b_inner, P.b_col, P.k, cols, buffer);
        panel = buffer;
        panel_inner = NR;
    }
    if (lists) {
        const auto tile = ahead ? (P.subtract ? tile_kernel<T, NR, kListed | kAhead | kSubtract>
                                              : tile_kernel<T, NR, kListed | kAhead>)
                                : (P.subtract ? tile_kernel<T, NR, kListed | kSubtract> : tile_kernel<T, NR, kListed>);
        for (std::size_t i = i0; i < i1; i += MR) {
            if (P.subtract) request_for_update<T, NR>(P, i + kUpdateAhead * MR, MR, i1, j);
            tile(std::min(MR, i1 - i), lists->of_row(i), P.a + i * P.a_row, P.a_row, P.a_inner, panel, panel_inner,
                 P.c + i * P.ldc() + j, P.ldc(), cols);
        }
        return;
    }
    constexpr std::size_t rows = NR == Tile<T>::W ? Tile<T>::MR_narrow : MR;  // see tile_kernel
    const auto tile = P.subtract     ? tile_kernel<T, NR, kSubtract>
                      : P.accumulate ? tile_kernel<T, NR, kAccumulate>
                                     : tile_kernel<T, NR, 0>;
    for (std::size_t i = i0; i < i1; i += rows) {
        if (P.subtract) request_for_update<T, NR>(P, i + kUpdateAhead * rows, rows, i1, j);
        tile(std::min(rows, i1 - i), Steps{P.k, nullptr}, P.a + i * P.a_row, P.a_row, P.a_inner, panel, panel_inner,
             P.c + i * P.ldc() + j, P.ldc(), cols);
    }
}

// Tiles [i0, i1) x [j0, j1) of C (bounds on tile edges), one column panel of B at a time: the
// panel (k x NR) is reused by every row tile while it is in cache.
// Rows [i0, i1) skip the steps their tiles do not need when `skip` is set and that pays (the lists
// are built by the thread that uses them, for its own rows).
template <typename T, std::size_t NR>
void compute_tiles(const Product<T>& P, bool skip, bool b_finite, std::size_t i0, std::size_t i1, std::size_t j0,
                   std::size_t j1, bool ahead = false) {
    thread_local StepLists step_lists;  // kept between calls: no allocation per training step
    const bool listed = skip && list_needed_steps(P, i0, i1, Tile<T>::MR, step_lists, b_finite);
    const StepLists* lists = listed ? &step_lists : nullptr;
    subtracting<T> = {P.eta, false};  // read by the kSubtract kernels only
    for (std::size_t j = j0; j < j1; j += NR) column_panel<T, NR>(P, lists, ahead, i0, i1, j, std::min(NR, j1 - j));
    if (subtracting<T>.wrote_non_finite && P.wrote_non_finite) *P.wrote_non_finite = true;
}

// Shares the tiles among the threads along whichever side of C has more of them; a tile is never
// split, so which thread computes C(i,j) changes with the thread count but how it is summed does not.
// Skipping zero steps is tried only where listing them is cheap beside the product (at least 16 rows,
// 64 columns and kParallelWork multiply-adds: z1 = X W1, dW1 = X^T delta1, the evaluation's forward
// pass). With the tiles split by rows, each thread lists its own rows. Split by columns, each thread
// lists every row for its own columns, which pays only when B is known to be finite (z1 = X W1 in
// a training step's forward pass, fast/finite_weights.hpp): checking B, each thread would read all
// of it, half of it last written by the other core (measured: no gain at 2 threads).
// Split either way, the listed rows of B are requested ahead (micro_kernel): in a training step half
// of W1 was just written by the other core. Default epoch 0.213-0.225 -> 0.204-0.207 s at 2 threads,
// batch 128 0.216-0.225 -> 0.203-0.213 s (docs/performance.md, "Issue 17, sixth session"). On one
// thread, or inside a parallel region (each thread its own hidden units of z1, fast/step_rows.cpp),
// the forward products too, every line of each row: medians 0.1831 -> 0.1767 s a default epoch at 2
// threads (8 rounds), the same at 1 thread ("Issue 17, tenth session").
template <typename T, std::size_t NR>
void product_with_width(const Product<T>& P, bool skip_zero_steps, bool b_finite) {
    constexpr std::size_t MR = Tile<T>::MR;
    const std::size_t row_tiles = (P.m + MR - 1) / MR, col_tiles = (P.n + NR - 1) / NR;
    // Which way to split is decided on tiles of the usual width, also for the wider forward tiles: z1
    // at batch 64 stays split by columns (10 tiles of 32 against 8 of rows, but 7 of 48), as the steps
    // that take it plainly (momentum, dropout) were measured with (docs/performance.md, "Issue 17,
    // tenth session": split by rows, an epoch of momentum with dropout 0.485 -> 0.517 s).
    const bool by_columns = (P.n + Tile<T>::NR - 1) / Tile<T>::NR >= row_tiles;
    const bool one_row = b_finite && P.m == 1;
    const bool skip = skip_zero_steps &&
                      (one_row || (P.m >= 2 * MR && P.n >= 4 * Tile<T>::W && P.m * P.n * P.k >= kParallelWork));
    if (thread_count() == 1 || P.m * P.n * P.k < kParallelWork || row_tiles * col_tiles < 2) {
        compute_tiles<T, NR>(P, skip, b_finite, 0, P.m, 0, P.n, !P.subtract);
    } else if (by_columns) {
        parallel_for(col_tiles, [&](std::size_t t0, std::size_t t1) {
            compute_tiles<T, NR>(P, skip && b_finite, b_finite, 0, P.m, t0 * NR, std::min(P.n, t1 * NR), true);
        });
    } else {
        parallel_for(row_tiles, [&](std::size_t t0, std::size_t t1) {
            compute_tiles<T, NR>(P, skip, b_finite, t0 * MR, std::min(P.m, t1 * MR), 0, P.n, true);
        });
    }
}

// One row of A times a B of at most W columns, read in place, as z2 = h W2 at batch 1 (n = 10
// outputs): the tiles' sums (one register, p in increasing order from 0) without their panel, which
// copied all k rows of B for every call, two thirds of this product's time. A row whose W values all
// lie inside B is read whole (the values past n belong to the next row and are never stored), the
// last ones under a mask, as pack_row copies them.
template <typename T>
void row_times_narrow(const Product<T>& P) {
    constexpr std::size_t W = Tile<T>::W;
    T acc[W] = {};
    const std::size_t whole = whole_rows<W>(P.b_inner, P.k, P.n), n = P.n;
    std::size_t p = 0;
    for (; p < whole; ++p) {  // two loops, not one with a branch: clang++ then kept acc on the stack
        const T a_p = P.a[p * P.a_inner];
        const T* b_p = P.b + p * P.b_inner;
        MNIST_VECTOR_LOOP
        for (std::size_t q = 0; q < W; ++q) acc[q] += a_p * b_p[q];
    }
    for (; p < P.k; ++p) {
        const T a_p = P.a[p * P.a_inner];
        const T* b_p = P.b + p * P.b_inner;
        MNIST_MASKED_LOOP
        for (std::size_t q = 0; q < W; ++q) acc[q] += a_p * (q < n ? b_p[q] : T(0));
    }
    MNIST_MASKED_STORE_LOOP
    for (std::size_t q = 0; q < W; ++q)
        if (q < n) P.c[q] = acc[q];
}

// One row of A times B^T with few steps, as dh = delta2 W2^T at batch 1 (k = 10 outputs): C(0,j)
// is the dot product of A's row with row j of the stored B, both read in place, each a chain of
// scalar multiply-adds in increasing p, as the micro-kernel adds them. The blocked path first
// copied B into a transposed panel, which cost more than the 3000 multiply-adds themselves and
// which each compiler compiled differently (docs/performance.md, "Every compiler"). Eight sums at
// a time, so that eight independent chains hide each other's latency. Not vectorised: g++ would
// compute the products of several p in one vector and add them one by one, unfused, rounding each
// product separately, where every other path rounds a fused multiply-add once.
constexpr std::size_t kFewSteps = 32;

template <typename T>
MNIST_SCALAR_FUNCTION void row_dot_rows(const Product<T>& P) {
    constexpr std::size_t J = 8;
    std::size_t j = 0;
    for (; j + J <= P.n; j += J) {
        T acc[J] = {};
        const T* b_j = P.b + j * P.b_col;
        for (std::size_t p = 0; p < P.k; ++p) {
            const T a_p = P.a[p * P.a_inner];
            MNIST_ROW_LOOP  // eight scalar chains, never a gather of eight rows (see the macro)
            for (std::size_t q = 0; q < J; ++q) acc[q] += a_p * b_j[q * P.b_col + p];
        }
        for (std::size_t q = 0; q < J; ++q) P.c[j + q] = acc[q];
    }
    for (; j < P.n; ++j) {
        const T* b_j = P.b + j * P.b_col;
        T acc = T(0);
        for (std::size_t p = 0; p < P.k; ++p) acc += P.a[p * P.a_inner] * b_j[p];
        P.c[j] = acc;
    }
}

// A product of one step (k = 1: the gradients dW = h^T delta at batch 1): C(i,j) = 0 + A(i,0) B(0,j),
// the micro-kernel's one-term sum, written row by row. The product is rounded once and adding the
// exact 0 changes nothing but a -0 into +0, fused or not, so this is the tiles' result bit for bit,
// without their panel copy and masked stores (most of their time when k = 1).
// One row of C: whole registers, then one masked register at the end, as store_tile writes a tile's
// rows. __restrict: c never overlaps b, which clang++ must know to vectorise the whole registers.
template <typename T>
void outer_product_row(T a_i, const T* __restrict b, T* __restrict c, std::size_t n) {
    constexpr std::size_t W = Tile<T>::W;
    std::size_t j = 0;
    MNIST_ROW_LOOP  // clang++ would otherwise vectorise across the registers, with overlap checks
    for (; j + W <= n; j += W)
        MNIST_VECTOR_LOOP
        for (std::size_t q = 0; q < W; ++q) c[j + q] = T(0) + a_i * b[j + q];
    const std::size_t left = n - j;
    if (left == 0) return;
    MNIST_MASKED_STORE_LOOP
    for (std::size_t q = 0; q < W; ++q)
        if (q < left) c[j + q] = T(0) + a_i * b[j + q];
}

// B is one row when k = 1 (b_col = 1 in all three products).
template <typename T>
void outer_product(const Product<T>& P) {
    const std::size_t ldc = P.ldc();
    for (std::size_t i = 0; i < P.m; ++i) outer_product_row(P.a[i * P.a_row], P.b, P.c + i * ldc, P.n);
}

// Whether Product::subtract pays as two passes, the product into a buffer and then subtracted from
// C: only for a small C (kSubtractInTiles) in one run. A thread's own columns of W1 kept aside (rows
// apart, fast/step_rows.cpp) were much slower so on two threads: the update of 784-128-10, 0.107
// against 0.041 s an epoch (docs/performance.md, "Issue 17, twelfth session").
template <typename T>
bool subtract_pays_as_two_passes(const Product<T>& P) {
    return P.m * P.n < kSubtractInTiles && P.ldc() == P.n;
}

// Product::subtract for a C below kSubtractInTiles values and for the products that do not store
// through tiles (k = 1, batch 1 of A B^T): the product into a buffer, then subtracted, W values at a
// time with a check per lane; C as one run of m n values, or row by row when its rows are apart.
template <typename T>
void subtract_through_buffer(const Product<T>& P, bool skip_zero_steps, bool b_finite) {
    thread_local std::vector<T> buffer;
    buffer.resize(P.m * P.n);
    Product<T> Q = P;
    Q.c = buffer.data();
    Q.c_row = 0;
    Q.subtract = false;
    blocked_product(Q, skip_zero_steps, b_finite);
    constexpr std::size_t W = Tile<T>::W;
    T check[W] = {};
    const bool one_run = P.ldc() == P.n;
    const std::size_t runs = one_run ? 1 : P.m, n = one_run ? P.m * P.n : P.n;
    for (std::size_t i = 0; i < runs; ++i) {
        T* c = P.c + i * P.ldc();
        const T* g = buffer.data() + i * n;
        std::size_t k = 0;
        for (; k + W <= n; k += W)
            MNIST_VECTOR_LOOP
            for (std::size_t q = 0; q < W; ++q) subtract_value(c[k + q], P.eta, g[k + q], check[q]);
        for (; k < n; ++k) subtract_value(c[k], P.eta, g[k], check[0]);
    }
    unsigned not_finite = 0;
    for (std::size_t q = 0; q < W; ++q) not_finite |= !(check[q] == T(0));
    if (not_finite && P.wrote_non_finite) *P.wrote_non_finite = true;
}

}  // namespace

template <typename T>
void blocked_product(const Product<T>& P, bool skip_zero_steps, bool b_finite) {
    if (P.m == 0 || P.n == 0) return;
    // C += A B: through the tiles, every step (the shortcuts below start their sums from 0).
    if (P.accumulate) return product_with_width<T, Tile<T>::NR>(P, false, b_finite);
    if (P.subtract && (subtract_pays_as_two_passes(P) || P.k == 1 || (P.m == 1 && P.b_inner == 1 && P.k <= kFewSteps)))
        return subtract_through_buffer(P, skip_zero_steps, b_finite);
    if (P.k == 1) return outer_product(P);
    if (P.m == 1 && P.b_inner == 1 && P.k <= kFewSteps) return row_dot_rows(P);  // batch 1 of A B^T
    if (P.m == 1 && P.b_col == 1 && P.n <= Tile<T>::W && !b_finite) return row_times_narrow(P);  // batch 1 of z2
    if (P.m == 1) product_with_width<T, Tile<T>::NR_row>(P, skip_zero_steps, b_finite);  // batch 1: a vector-matrix product
    else if (P.a_inner == 1 && P.b_col == 1 && !P.subtract)  // A B: the forward products
        product_with_width<T, Tile<T>::NR_forward>(P, skip_zero_steps, b_finite);
    else product_with_width<T, Tile<T>::NR>(P, skip_zero_steps, b_finite);
}

std::size_t product_column_tile() { return Tile<float>::NR; }

template void blocked_product(const Product<float>&, bool, bool);
template void blocked_product(const Product<double>&, bool, bool);

}  // namespace nn
