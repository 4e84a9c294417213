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

// A hint that the memory [p, p + bytes), not yet touched, will be read at random: on Linux,
// madvise(MADV_HUGEPAGE) on the 2 MB pages inside it, so that it is mapped in huge pages where the
// system gives them only on request (transparent_hugepage "madvise"); elsewhere nothing. A batch's
// images lie anywhere in MNIST's 47 MB: in 4 KB pages nearly every image costs a TLB miss, and the
// request for the next batch's images waits on the page walks (docs/performance.md, "Issue 17, ninth
// session"). No value changes.
void advise_huge_pages(void* p, std::size_t bytes);

// Renames the file `from` to `to`, replacing `to` if it exists, as one step where the system allows
// (std::rename does on POSIX; on Windows it fails when `to` exists, so there MoveFileEx). Returns 0,
// or an errno value saying why not.
int replace_file(const char* from, const char* to);

}  // namespace nn
