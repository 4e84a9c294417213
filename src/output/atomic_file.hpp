// Writing a file so that it is never seen half-written: write a temporary file, then rename it.
#pragma once

#include <string>

namespace nn {

// Writes `content` to a temporary file beside `path` (named path + ".tmp-<pid>-<counter>-<random>",
// created exclusively, so two processes or threads writing the same path at once never share one),
// flushes and closes it, then renames it over `path` (an atomic step on POSIX file systems): a
// reader sees the old file or one whole new one, never a mix. On any failure (a full disk, a file
// size limit, a missing directory) the temporary file is removed, `path` is left as it was, and
// std::runtime_error names the file and the system's reason.
void write_file_atomically(const std::string& path, const std::string& content);

// Checks, without touching `path`, that write_file_atomically(path, ...) could create its temporary
// file now: creates one beside `path` and removes it again (as root, permission bits would not tell).
// Throws std::runtime_error "<path>: cannot write (<reason>)" when it cannot.
void check_can_create_beside(const std::string& path);

// The prefix of every temporary name write_file_atomically uses for `path`: path + ".tmp-".
std::string temporary_prefix(const std::string& path);

}  // namespace nn
