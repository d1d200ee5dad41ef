// docs/protocol.md is part of the protocol: every message type has a section
// with a JSON example that must decode, round-trip through encode and name
// its own type; every error code and every limit (with its default) is in
// its table. Adding a type, code or limit without documenting it fails here.
#include <fstream>
#include <map>
#include <sstream>

#include "frame_helpers.hpp"

namespace herald::protocol {
namespace {

using testing::Json;

std::string read_docs() {
  const std::string path = std::string(HERALD_SOURCE_DIR) + "/docs/protocol.md";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// The text of the "## <title>" section, up to the next "## " heading.
std::string section(const std::string& doc, const std::string& title) {
  const auto start = doc.find("\n## " + title + "\n");
  if (start == std::string::npos) {
    ADD_FAILURE() << "docs/protocol.md has no section \"## " << title << "\"";
    return {};
  }
  const auto end = doc.find("\n## ", start + 4);
  return doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// "### `name`" headings of a section, each mapped to its first ```json block.
std::map<std::string, std::string> examples(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find("\n### `", pos)) != std::string::npos) {
    const auto name_start = pos + 6;
    const auto name_end = text.find('`', name_start);
    const std::string name = text.substr(name_start, name_end - name_start);
    const auto next_heading = text.find("\n### ", name_end);
    const auto block = text.find("```json\n", name_end);
    if (block != std::string::npos && block < next_heading) {
      const auto body = block + 8;
      out[name] = text.substr(body, text.find("\n```", body) - body);
    } else {
      out[name] = "";
    }
    pos = name_end;
  }
  return out;
}

template <class Decode>
void check_examples(const std::string& title, const std::vector<std::string_view>& types, Decode decode) {
  const auto documented = examples(section(read_docs(), title));
  for (auto type : types) {
    SCOPED_TRACE(std::string(type));
    const auto it = documented.find(std::string(type));
    ASSERT_NE(it, documented.end()) << "no \"### `" << type << "`\" section under \"## " << title << "\"";
    ASSERT_FALSE(it->second.empty()) << "the section has no ```json example";
    auto decoded = decode(it->second);
    ASSERT_TRUE(decoded.ok()) << "the example does not decode: " << decoded.error().describe();
    EXPECT_EQ(type_name(decoded.value().message), type);
    const Json original = Json::parse(it->second);
    const Json again = Json::parse(encode(decoded.value().message, decoded.value().ref));
    EXPECT_EQ(again, original) << "encode(decode(example)) differs from the example";
  }
  EXPECT_EQ(documented.size(), types.size()) << "the section documents a type the code does not define";
}

TEST(Docs, EveryClientMessageHasAWorkingExample) {
  check_examples("Client messages", client_message_types(),
                 [](const std::string& s) { return decode_client(s); });
}

TEST(Docs, EveryServerMessageHasAWorkingExample) {
  check_examples("Server messages", server_message_types(),
                 [](const std::string& s) { return decode_server(s); });
}

TEST(Docs, EveryErrorCodeIsInTheTable) {
  const auto table = section(read_docs(), "Error codes");
  for (const auto& row : error_infos())
    EXPECT_NE(table.find("| `" + std::string(row.name) + "` |"), std::string::npos)
        << "error code " << row.name << " is not documented";
}

TEST(Docs, EveryLimitIsInTheTableWithItsDefault) {
  const auto table = section(read_docs(), "Limits");
  const Limits defaults;
  for (const auto& field : kLimitFields) {
    const auto at = table.find("| `" + std::string(field.name) + "` |");
    ASSERT_NE(at, std::string::npos) << "limit " << field.name << " is not documented";
    const auto line = table.substr(at, table.find('\n', at) - at);
    EXPECT_NE(line.find("| " + std::to_string(defaults.*field.member) + " |"), std::string::npos)
        << "the documented default of " << field.name << " is not " << defaults.*field.member << ": " << line;
  }
}

}  // namespace
}  // namespace herald::protocol
