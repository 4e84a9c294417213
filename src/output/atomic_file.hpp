// Writing a file so that it is never seen half-written: write a temporary file, then rename it.
#pragma once

#include <string>

namespace nn {

// Writes `content` to path + ".tmp", flushes and closes it, then renames it over `path` (an atomic
// step on POSIX file systems). On any failure the temporary file is removed, `path` is left as it
// was, and std::runtime_error names the file and the reason.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace nn
