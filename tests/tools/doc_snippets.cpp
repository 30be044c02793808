// doc_snippets: keeps the code in the docs identical to the compiled examples and tests.
//
// A markdown page quotes a snippet with a marker line followed by a fenced code block:
//   <!-- snippet: examples/chain_rule.cpp#values -->
//   ```cpp
//   ...
//   ```
// and the source file delimits it with two lines containing `// [values]`.
// Usage: doc_snippets [--update] ROOT PAGE.md...   (paths of pages are relative to ROOT)
// It exits 1 and names each stale snippet; with --update it rewrites the pages instead.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// snippet(root, "file#name"): the lines between the two `// [name]` markers of file.
std::vector<std::string> snippet(const std::string& root, std::string_view reference) {
  const auto hash = reference.find('#');
  if (hash == std::string_view::npos)
    throw std::runtime_error("no #name in " + std::string(reference));
  const std::string file(reference.substr(0, hash));
  const std::string marker = "// [" + std::string(reference.substr(hash + 1)) + "]";
  std::vector<std::string> out;
  int seen = 0;
  for (const auto& line : read_lines(root + "/" + file)) {
    if (line.find(marker) != std::string::npos) {
      if (++seen == 2)
        break;
      continue;
    }
    if (seen == 1)
      out.push_back(line);
  }
  if (seen != 2)
    throw std::runtime_error(file + " lacks two lines with " + marker);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  const bool update = !args.empty() && args.front() == "--update";
  if (update)
    args.erase(args.begin());
  if (args.size() < 2) {
    std::cerr << "usage: doc_snippets [--update] ROOT PAGE.md...\n";
    return 2;
  }
  const std::string root(args.front());
  const std::string_view prefix = "<!-- snippet: ";
  int stale = 0;
  try {
    for (std::size_t p = 1; p < args.size(); ++p) {
      const std::string page = root + "/" + std::string(args[p]);
      const auto lines = read_lines(page);
      std::vector<std::string> out;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        out.push_back(lines[i]);
        if (lines[i].rfind(prefix, 0) != 0)
          continue;
        const std::string_view rest = std::string_view(lines[i]).substr(prefix.size());
        const auto wanted = snippet(root, rest.substr(0, rest.find(' ')));
        if (i + 1 >= lines.size() || lines[i + 1].rfind("```", 0) != 0)
          throw std::runtime_error(page + ":" + std::to_string(i + 1)
                                   + ": no code block after the marker");
        std::size_t end = i + 2;
        while (end < lines.size() && lines[end].rfind("```", 0) != 0)
          ++end;
        const std::vector<std::string> current(lines.begin() + static_cast<long>(i) + 2,
                                               lines.begin() + static_cast<long>(end));
        if (current != wanted) {
          ++stale;
          std::cerr << page << ":" << i + 1 << ": snippet " << rest << " differs from its source\n";
        }
        out.push_back(lines[i + 1]);
        out.insert(out.end(), wanted.begin(), wanted.end());
        i = end - 1;
      }
      if (update) {
        std::ofstream file(page);
        for (const auto& line : out)
          file << line << '\n';
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "doc_snippets: " << e.what() << '\n';
    return 1;
  }
  if (stale != 0 && !update) {
    std::cerr << stale << " stale snippet(s); run doc_snippets --update to refresh them\n";
    return 1;
  }
  return 0;
}
