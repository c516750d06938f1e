#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace bora::test {

/// A fresh directory under the system temp dir, removed with its contents
/// when the object goes out of scope. One per test case; shared by the
/// storage and actor tests.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bora-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Returns the directory path; empty if it could not be made.
  const std::string& path() const {
    return path_;
  }
  /// Returns the path of `name` inside the directory.
  std::string sub(const std::string& name) const {
    return (std::filesystem::path(path_) / name).string();
  }

private:
  std::string path_;
};

}  // namespace bora::test
