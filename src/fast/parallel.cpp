// A persistent pool of worker threads: created once, woken for each parallel_for, never re-created.
// Thread creation costs tens of microseconds; a training step has a few hundred microseconds of work.
#include "fast/parallel.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace nn {
namespace {

// True while this thread runs a chunk of a parallel_for (always, on a worker): a parallel_for started
// there runs on this thread as one chunk, and thread_count() says 1. The evaluation shares whole
// chunks of images among the threads (fast/evaluation.cpp), and the products inside each run as on
// one thread; the pool does not take work from inside its own work.
thread_local bool in_parallel_region = false;

// How long a thread polls for its next piece of work (or for the others to finish) before it
// sleeps on a condition variable. Training calls parallel_for every few hundred microseconds;
// waking a sleeping thread takes tens of microseconds, polling a few, so polling briefly pays.
// Each poll yields the core, so on a busy machine other programs run meanwhile.
constexpr std::chrono::microseconds kPollTime{100};

// Polls until ready() or kPollTime has passed; returns ready().
template <typename Ready>
bool poll(const Ready& ready) {
    const auto start = std::chrono::steady_clock::now();
    while (!ready()) {
        if (std::chrono::steady_clock::now() - start > kPollTime) return ready();
        std::this_thread::yield();
    }
    return true;
}

class ThreadPool {
public:
    explicit ThreadPool(int threads) {
        for (int t = 1; t < threads; ++t) workers_.emplace_back([this, t] { work(t); });
    }
    ~ThreadPool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (std::thread& w : workers_) w.join();
    }
    int size() const { return static_cast<int>(workers_.size()) + 1; }

    void run(std::size_t n, ChunkCall call, const void* body, std::size_t align) {
        const std::size_t chunks = static_cast<std::size_t>(size());
        call_ = call;
        body_ = body;
        n_ = n;
        align_ = align;
        pending_.store(workers_.size());
        {
            // Under the mutex, so that a worker checking generation_ before it sleeps cannot miss it.
            std::lock_guard<std::mutex> lock(mutex_);
            generation_.fetch_add(1);
        }
        wake_.notify_all();
        {
            struct InRegion {  // for chunk 0 only, even if it throws
                InRegion() { in_parallel_region = true; }
                ~InRegion() { in_parallel_region = false; }
            } in_region;
            run_chunk(0, chunks);  // the calling thread takes chunk 0
        }
        if (!poll([this] { return pending_.load() == 0; })) {
            std::unique_lock<std::mutex> lock(mutex_);
            done_.wait(lock, [this] { return pending_.load() == 0; });
        }
        body_ = nullptr;
    }

private:
    // Chunk t of `chunks`: boundaries rounded down to multiples of align_, so that SIMD-width
    // column blocks are never split between threads.
    void run_chunk(std::size_t t, std::size_t chunks) {
        const std::size_t blocks = (n_ + align_ - 1) / align_;
        const std::size_t begin = std::min(n_, blocks * t / chunks * align_);
        const std::size_t end = std::min(n_, blocks * (t + 1) / chunks * align_);
        if (begin < end) call_(body_, begin, end);
    }

    void work(int t) {
        in_parallel_region = true;
        unsigned long seen = 0;
        for (;;) {
            if (!poll([&] { return generation_.load() != seen || stopping_.load(); })) {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return stopping_.load() || generation_.load() != seen; });
            }
            if (stopping_.load()) return;
            seen = generation_.load();
            run_chunk(static_cast<std::size_t>(t), static_cast<std::size_t>(size()));
            if (pending_.fetch_sub(1) == 1) {
                std::lock_guard<std::mutex> lock(mutex_);  // so that run() cannot miss the notification
                done_.notify_one();
            }
        }
    }

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    // Written by run() before generation_ changes, read by workers after they see the change.
    ChunkCall call_ = nullptr;
    const void* body_ = nullptr;
    std::size_t n_ = 0, align_ = 1;
    std::atomic<std::size_t> pending_{0};
    std::atomic<unsigned long> generation_{0};
    std::atomic<bool> stopping_{false};
};

std::unique_ptr<ThreadPool>& pool() {
    static std::unique_ptr<ThreadPool> instance = std::make_unique<ThreadPool>(1);
    return instance;
}

}  // namespace

void set_thread_count(int n) {
    if (n < 1) throw std::invalid_argument("threads: expected a count of at least 1, found " + std::to_string(n));
    if (n != pool()->size()) pool() = std::make_unique<ThreadPool>(n);
}

int thread_count() { return in_parallel_region ? 1 : pool()->size(); }

OnThisThread::OnThisThread() : previous_(in_parallel_region) { in_parallel_region = true; }

OnThisThread::~OnThisThread() { in_parallel_region = previous_; }

void parallel_for_chunks(std::size_t n, ChunkCall call, const void* body, std::size_t align) {
    if (n == 0) return;
    if (align == 0) align = 1;
    if (thread_count() == 1 || n <= align) {
        call(body, 0, n);
        return;
    }
    pool()->run(n, call, body, align);
}

}  // namespace nn
