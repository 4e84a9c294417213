// run/memory.hpp: the bytes a run needs, counted by hand for a tiny network; saturation instead of
// overflow for absurd sizes; /proc/meminfo parsing; the refusal message with both numbers.
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "check.hpp"
#include "run/memory.hpp"
#include "temp_dir.hpp"

int main() {
    // 784-300-10: 784*300 + 300 + 300*10 + 10 parameters.
    CHECK_EQ(nn::parameter_count({784, 300, 10}), std::uint64_t{238510});
    // 2-3-1 with 4 rows: parameters 2*3+3 + 3*1+1 = 13, twice (W, b and dW, db) = 26 floats;
    // z, h, delta, dX per layer: 4 * 4 * (3 + 1) = 64 floats; the batch and an evaluation chunk:
    // 2 * 4 * 2 = 16 floats. 106 floats of 4 bytes.
    CHECK_EQ(nn::training_bytes({2, 3, 1}, 4), std::uint64_t{424});
    // Adam's two state matrices (2 * 13 floats) and dropout's mask and h * mask of the hidden layer
    // (2 * 4 * 3 floats): 50 floats more.
    CHECK_EQ(nn::training_bytes({2, 3, 1}, 4, 2, true), std::uint64_t{624});
    CHECK_EQ(nn::training_bytes({2, 3, 1}, 4, 1, false), std::uint64_t{476});
    const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
    CHECK_EQ(nn::training_bytes({1u << 20, 1u << 20, 10}, std::numeric_limits<std::size_t>::max()), max);
    CHECK(nn::training_bytes({784, 1u << 20, 1u << 20, 10}, 1000) > (std::uint64_t{8} << 40));  // 8.8 TB

    const testdata::TempDir tmp("nn-test-memory");
    const std::string meminfo = tmp / "meminfo";
    std::ofstream(meminfo) << "MemTotal:        2000 kB\nMemFree:          100 kB\nMemAvailable:     500 kB\n";
    nn::MemoryInfo have = nn::available_memory(meminfo);
    CHECK_EQ(have.bytes, std::uint64_t{512000});
    CHECK_EQ(have.source, "MemAvailable in " + meminfo);
    std::ofstream(meminfo) << "MemTotal:        2000 kB\n";  // an old kernel: no MemAvailable
    have = nn::available_memory(meminfo);
    CHECK_EQ(have.bytes, std::uint64_t{2048000});
    CHECK_EQ(have.source, "MemTotal in " + meminfo);
    CHECK_EQ(nn::available_memory(tmp / "none").bytes, std::uint64_t{0});

    // 424 bytes fit in 424, not in 423; the message holds what is needed and what there is.
    nn::require_memory({2, 3, 1}, 4, "tiny", {424, "test"});
    CHECK_THROWS_WITH(nn::require_memory({2, 3, 1}, 4, "tiny", {423, "MemAvailable in test"}), "tiny: expected a network "
                      "that fits in memory", "needs 424 bytes", "13 parameters", "has 423 bytes", "MemAvailable in test");
    // Without /proc/meminfo: the documented cap of 16 GiB.
    const std::string cap = std::to_string(nn::kMemoryCapWithoutMeminfo);  // named: the macro keeps its pointer
    CHECK_THROWS_WITH(nn::require_memory({784, 1u << 20, 1u << 20, 10}, 1000, "big", {0, ""}), "16 GiB", cap.c_str());
    nn::require_memory({784, 300, 10}, 1000, "default", {0, ""});
    CHECK_THROWS_WITH(nn::require_memory({2, 3, 1}, 4, "adam", {623, "test"}, 2, true), "needs 624 bytes", "2 copies");
    nn::require_memory({2, 3, 1}, 4, "adam", {624, "test"}, 2, true);
    return check::report("memory");
}
