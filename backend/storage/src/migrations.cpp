#include "herald/storage/migrations.hpp"

namespace herald::storage {

std::vector<std::string> split_sql_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  const auto flush = [&] {
    const auto first = current.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      const auto last = current.find_last_not_of(" \t\r\n");
      statements.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    if (c == '-' && next == '-') {  // line comment: dropped
      while (i < sql.size() && sql[i] != '\n') ++i;
      current += '\n';
    } else if (c == '/' && next == '*') {  // block comment: dropped
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 1;
      current += ' ';
    } else if (c == '\'' || c == '"' || c == '`') {  // quoted: copied as is
      const auto end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      current.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == ';') {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return statements;
}

}  // namespace herald::storage
