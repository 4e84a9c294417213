// The blocked product behind matmul, matmul_at and matmul_bt: a register-blocked micro-kernel,
// panels of B, and tiles of C shared among threads. Explained step by step in docs/performance.md.
#include "fast/matmul_kernels.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "fast/parallel.hpp"

namespace nn {
namespace {

// Tile sizes (docs/performance.md, "The micro-kernel"). A tile of MR rows x NR columns of C stays
// in registers while p runs over all of k: NR is two 512-bit registers (32 floats, 16 doubles), so
// a full tile is 8 x 2 = 16 of the 32 AVX-512 registers. W is one register; panels narrower than
// NR use a tile of W columns. A single row (batch 1: a vector-matrix product) uses NR_row columns,
// four registers, so that four independent sums hide the latency of the fused multiply-add.
template <typename T> struct Tile;
template <> struct Tile<float> { static constexpr std::size_t MR = 8, NR = 32, W = 16, NR_row = 64; };
template <> struct Tile<double> { static constexpr std::size_t MR = 8, NR = 16, W = 8, NR_row = 32; };

// Below this many multiply-adds a product runs on the calling thread: waking the pool costs more.
constexpr std::size_t kParallelWork = 1 << 19;

// Writes the first `cols` columns of a tile to C. The j loop runs to the constant NR with a
// condition, not to `cols`, so that g++ turns each row into one vector store under a mask (the
// pragma stops it from unrolling the loop into 16 scalar branches first). The tile of an n = 10
// product is 10 of 16 lanes wide, so this store is in every tile of z2, dW2 and the batch-1 dW.
template <typename T, std::size_t R, std::size_t NR>
void store_tile(const T (&acc)[R][NR], T* c, std::size_t ldc, std::size_t cols) {
    for (std::size_t r = 0; r < R; ++r)
#pragma GCC unroll 1
        for (std::size_t j = 0; j < NR; ++j)
            if (j < cols) c[r * ldc + j] = acc[r][j];
}

// The micro-kernel: C(0..R-1, 0..cols-1) = A(0..R-1, :) B(:, 0..NR-1), with row p of the B panel
// at b + p*b_inner (NR contiguous values). This is the reference triple loop with the i and j
// loops cut to the tile and moved inside the p loop; R and NR are compile-time constants, so the
// compiler keeps acc in registers and turns the j loop into vector fused multiply-adds with A(r,p)
// broadcast. Each acc[r][j] still adds its products in increasing p, starting from 0.
template <typename T, std::size_t R, std::size_t NR>
void micro_kernel(std::size_t k, const T* a, std::size_t a_row, std::size_t a_inner, const T* b,
                  std::size_t b_inner, T* c, std::size_t ldc, std::size_t cols) {
    T acc[R][NR];
    for (std::size_t r = 0; r < R; ++r)  // each sum starts from 0, as in the reference loop
        for (std::size_t j = 0; j < NR; ++j) acc[r][j] = T(0);
    for (std::size_t p = 0; p < k; ++p) {
        const T* b_p = b + p * b_inner;
        const T* a_p = a + p * a_inner;
        for (std::size_t r = 0; r < R; ++r) {
            const T a_rp = a_p[r * a_row];
            // Without this pragma g++ 12 unrolls the j loop before vectorising and then vectorises
            // the p loop instead (shuffles, 256-bit); with it, the j loop becomes NR / 16 vector
            // FMAs (docs/performance.md, "Reading the assembly").
#pragma GCC unroll 1
            for (std::size_t j = 0; j < NR; ++j) acc[r][j] += a_rp * b_p[j];
        }
    }
    store_tile<T, R, NR>(acc, c, ldc, cols);
}

// The micro-kernel for the rows of this tile (1..MR, or 1..2 MR for one-register-wide tiles; fewer
// at the bottom edge of C). The vector-matrix width NR_row only ever sees single rows.
template <typename T, std::size_t NR>
void tile_kernel(std::size_t rows, std::size_t k, const T* a, std::size_t a_row, std::size_t a_inner,
                 const T* b, std::size_t b_inner, T* c, std::size_t ldc, std::size_t cols) {
    static_assert(Tile<T>::MR == 8, "one case per row count");
    if constexpr (NR > Tile<T>::NR) {
        for (std::size_t r = 0; r < rows; ++r)
            micro_kernel<T, 1, NR>(k, a + r * a_row, a_row, a_inner, b, b_inner, c + r * ldc, ldc, cols);
        return;
    } else {
        // One-register-wide tiles (n = 10) have only 8 sums for 8 rows: take 16 rows at a time,
        // so each load of B feeds 16 FMAs and 16 independent sums hide the FMA latency.
        if constexpr (NR == Tile<T>::W) {
            if (rows == 16) return micro_kernel<T, 16, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            if (rows > 8) {
                micro_kernel<T, 8, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
                return tile_kernel<T, NR>(rows - 8, k, a + 8 * a_row, a_row, a_inner, b, b_inner, c + 8 * ldc,
                                          ldc, cols);
            }
        }
        switch (rows) {
            case 8: return micro_kernel<T, 8, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 7: return micro_kernel<T, 7, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 6: return micro_kernel<T, 6, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 5: return micro_kernel<T, 5, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 4: return micro_kernel<T, 4, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 3: return micro_kernel<T, 3, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            case 2: return micro_kernel<T, 2, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
            default: return micro_kernel<T, 1, NR>(k, a, a_row, a_inner, b, b_inner, c, ldc, cols);
        }
    }
}

// Packing buffer, one per thread, grown on first use and then reused: no allocation per step.
// Its start is aligned to a 64-byte cache line, as every row of a panel then is (NR values are
// 128 bytes): a 512-bit load that straddles two lines costs two, and the narrow products, which
// read their packed panel for every row tile, were 5-10 % faster aligned (docs/performance.md).
template <typename T>
T* panel_buffer(std::size_t size) {
    constexpr std::size_t line = 64;
    thread_local std::vector<T> buffer;
    if (buffer.size() < size + line / sizeof(T)) buffer.resize(size + line / sizeof(T));
    void* start = buffer.data();
    std::size_t space = buffer.size() * sizeof(T);
    return static_cast<T*>(std::align(line, size * sizeof(T), start, space));
}

// Row p of a packed panel: `cols` values of B taken `step` apart, then zeros up to NR. As in
// store_tile, a condition inside a loop of constant length becomes one masked vector load when
// step is 1 (rows of B contiguous), and a gather when it is not (A B^T, B read down a column).
template <typename T, std::size_t NR>
void pack_row(const T* from, std::size_t step, std::size_t cols, T* row) {
    if (step == 1) {
#pragma GCC unroll 1
        for (std::size_t c = 0; c < NR; ++c) row[c] = c < cols ? from[c] : T(0);
    } else {
#pragma GCC unroll 1
        for (std::size_t c = 0; c < NR; ++c) row[c] = c < cols ? from[c * step] : T(0);
    }
}

// Columns [j, j + cols) of C, rows [i0, i1) (cols <= NR). A panel narrower than NR is done as
// narrower panels (NR/2, ..., W), so that B is read in place wherever its rows are contiguous. Only
// a bottom-width panel that is still not full, or any panel of A B^T (whose B runs across rows), is
// copied into the buffer as k rows of its width, zero-padded on the right (the padding columns are
// computed but never stored). Which width computes C(i,j) does not change how it is summed.
template <typename T, std::size_t NR>
void column_panel(const Product<T>& P, std::size_t i0, std::size_t i1, std::size_t j, std::size_t cols) {
    constexpr std::size_t MR = Tile<T>::MR;
    if constexpr (NR > Tile<T>::W) {
        if (cols < NR) {
            column_panel<T, NR / 2>(P, i0, i1, j, std::min(cols, NR / 2));
            if (cols > NR / 2) column_panel<T, NR / 2>(P, i0, i1, j + NR / 2, cols - NR / 2);
            return;
        }
    }
    const T* panel = P.b + j * P.b_col;
    std::size_t panel_inner = P.b_inner;
    if (P.b_col != 1 || cols != NR) {
        T* buffer = panel_buffer<T>(P.k * NR);
        for (std::size_t p = 0; p < P.k; ++p)
            pack_row<T, NR>(panel + p * P.b_inner, P.b_col, cols, buffer + p * NR);
        panel = buffer;
        panel_inner = NR;
    }
    constexpr std::size_t rows = NR == Tile<T>::W ? 2 * MR : MR;  // see tile_kernel
    for (std::size_t i = i0; i < i1; i += rows)
        tile_kernel<T, NR>(std::min(rows, i1 - i), P.k, P.a + i * P.a_row, P.a_row, P.a_inner, panel,
                           panel_inner, P.c + i * P.n + j, P.n, cols);
}

// Tiles [i0, i1) x [j0, j1) of C (bounds on tile edges), one column panel of B at a time: the
// panel (k x NR) is reused by every row tile while it is in cache.
template <typename T, std::size_t NR>
void compute_tiles(const Product<T>& P, std::size_t i0, std::size_t i1, std::size_t j0, std::size_t j1) {
    for (std::size_t j = j0; j < j1; j += NR) column_panel<T, NR>(P, i0, i1, j, std::min(NR, j1 - j));
}

// Shares the tiles among the threads along whichever side of C has more of them; a tile is never
// split, so which thread computes C(i,j) changes with the thread count but how it is summed does not.
template <typename T, std::size_t NR>
void product_with_width(const Product<T>& P) {
    constexpr std::size_t MR = Tile<T>::MR;
    const std::size_t row_tiles = (P.m + MR - 1) / MR, col_tiles = (P.n + NR - 1) / NR;
    if (thread_count() == 1 || P.m * P.n * P.k < kParallelWork || row_tiles * col_tiles < 2) {
        compute_tiles<T, NR>(P, 0, P.m, 0, P.n);
    } else if (col_tiles >= row_tiles) {
        parallel_for(col_tiles, [&](std::size_t t0, std::size_t t1) {
            compute_tiles<T, NR>(P, 0, P.m, t0 * NR, std::min(P.n, t1 * NR));
        });
    } else {
        parallel_for(row_tiles, [&](std::size_t t0, std::size_t t1) {
            compute_tiles<T, NR>(P, t0 * MR, std::min(P.m, t1 * MR), 0, P.n);
        });
    }
}

}  // namespace

template <typename T>
void blocked_product(const Product<T>& P) {
    if (P.m == 0 || P.n == 0) return;
    if (P.m == 1) product_with_width<T, Tile<T>::NR_row>(P);  // batch 1: a vector-matrix product
    else product_with_width<T, Tile<T>::NR>(P);
}

template void blocked_product(const Product<float>&);
template void blocked_product(const Product<double>&);

}  // namespace nn
