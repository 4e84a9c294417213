// The few facts only the operating system knows, behind one portable interface: whether stdout is a
// terminal, how much memory the machine has and how much this process has used, and how to replace a
// file. README "Mac and Windows".
#pragma once

#include <cstddef>

namespace nn {

// True when standard output is a terminal (not a file or a pipe): isatty on POSIX, _isatty on Windows.
bool stdout_is_terminal();

// Bytes of physical memory of the machine, or 0 where the system does not say.
std::size_t physical_memory_bytes();

// The largest resident set of this process so far, in bytes, or 0 where the system does not say.
std::size_t peak_resident_bytes();

// Renames the file `from` to `to`, replacing `to` if it exists, as one step where the system allows
// (std::rename does on POSIX; on Windows it fails when `to` exists, so there MoveFileEx). Returns 0,
// or an errno value saying why not.
int replace_file(const char* from, const char* to);

}  // namespace nn
