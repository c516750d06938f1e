#pragma once

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace bora::test {

/// What a finished command printed and returned.
struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Quotes `s` for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// Runs `command` through /bin/sh (bounded by `timeout 60`), capturing stdout
/// and stderr separately.
inline ProcessResult run_command(const std::string& command) {
  char err_path[] = "/tmp/bora-test-stderr-XXXXXX";
  int fd = mkstemp(err_path);
  if (fd >= 0) {
    close(fd);
  }
  std::string full = "timeout 60 " + command + " 2>" + err_path;
  ProcessResult r;
  FILE* p = popen(full.c_str(), "r");
  if (p == nullptr) {
    return r;
  }
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
    r.out.append(buf, n);
  }
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_path);
  std::stringstream ss;
  ss << err.rdbuf();
  r.err = ss.str();
  std::remove(err_path);
  return r;
}

}  // namespace bora::test
