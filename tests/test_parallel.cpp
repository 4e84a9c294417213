// parallel_for covers its range exactly once, in aligned chunks, for any thread count; one inside
// another runs on its caller's thread.
#include <atomic>
#include <thread>
#include <vector>

#include "check.hpp"
#include "fast/parallel.hpp"

static void test_covers_once(int threads, std::size_t n, std::size_t align) {
    nn::set_thread_count(threads);
    CHECK_EQ(nn::thread_count(), threads);
    std::vector<std::atomic<int>> hits(n);
    std::atomic<bool> aligned{true};
    nn::parallel_for(n, [&](std::size_t begin, std::size_t end) {
        if (begin % align != 0) aligned = false;
        for (std::size_t i = begin; i < end; ++i) ++hits[i];
    }, align);
    bool once = true;
    for (std::size_t i = 0; i < n; ++i) once = once && hits[i] == 1;
    CHECK(once);
    CHECK(aligned);
}

// A parallel_for started inside a chunk of another (fast_evaluate's products) runs there, as one
// chunk, and thread_count() says 1 inside; outside, the count set.
static void test_nested_runs_on_its_thread() {
    nn::set_thread_count(2);
    std::atomic<int> chunks{0}, elsewhere{0}, counts_one{0};
    nn::parallel_for(2, [&](std::size_t, std::size_t) {
        const std::thread::id outer = std::this_thread::get_id();
        counts_one += nn::thread_count() == 1;
        nn::parallel_for(100, [&](std::size_t b, std::size_t e) {
            ++chunks;
            elsewhere += std::this_thread::get_id() != outer || b != 0 || e != 100;
        });
    });
    CHECK_EQ(chunks.load(), 2);  // one inner chunk per outer chunk
    CHECK_EQ(elsewhere.load(), 0);
    CHECK_EQ(counts_one.load(), 2);
    CHECK_EQ(nn::thread_count(), 2);
    nn::set_thread_count(1);
}

int main() {
    test_nested_runs_on_its_thread();
    for (int threads : {1, 2, 3, 8})
        for (std::size_t n : {0, 1, 2, 7, 16, 17, 300, 1001})
            for (std::size_t align : {1, 16}) test_covers_once(threads, n, align);
    // Many calls in a row reuse the same workers (no thread creation per call).
    nn::set_thread_count(2);
    std::atomic<long> total{0};
    for (int call = 0; call < 2000; ++call)
        nn::parallel_for(100, [&](std::size_t b, std::size_t e) { total += static_cast<long>(e - b); });
    CHECK_EQ(total.load(), 200000L);
    CHECK_THROWS_WITH(nn::set_thread_count(0), "threads", "at least 1", "found 0");
    nn::set_thread_count(1);
    return check::report("parallel");
}
