// Before a run starts: can every file it will write be written? A long run must not end in "cannot
// write". Each check throws std::runtime_error naming the path, the option and the reason.
#pragma once

#include <string>

namespace nn {

// A file that write_file_atomically will write (--save, --csv): `path` is not a directory, its
// directory exists, and a file can be created there now (tried: created and removed). `option`
// names where the path came from, e.g. "--save".
void check_output_file(const std::string& path, const std::string& option);

// A directory that files will be written into (--plots, --out): created with its parents when
// missing (the documented behaviour of both options), then checked as above.
void check_output_directory(const std::string& dir, const std::string& option);

}  // namespace nn
