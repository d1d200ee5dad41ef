#include "herald/storage/database_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace herald::storage {
namespace {

std::string parse_error(const std::string& url) {
  try {
    parse_database_url(url);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(DatabaseUrl, SqliteFile) {
  const auto url = parse_database_url("sqlite:/var/lib/herald/herald.db");
  EXPECT_EQ(url.backend, Backend::sqlite);
  EXPECT_EQ(url.path, "/var/lib/herald/herald.db");
  EXPECT_EQ(url.redacted(), "sqlite:/var/lib/herald/herald.db");
  EXPECT_EQ(url.soci_connect_string(), "/var/lib/herald/herald.db");
}

TEST(DatabaseUrl, SqliteMemoryAndTripleSlashForms) {
  EXPECT_EQ(parse_database_url("sqlite::memory:").path, ":memory:");
  EXPECT_EQ(parse_database_url("sqlite:///abs/path.db").path, "/abs/path.db");
  EXPECT_EQ(parse_database_url("sqlite:relative.db").path, "relative.db");
  EXPECT_EQ(sqlite_in_data_dir("/data").path, "/data/herald.db");
}

TEST(DatabaseUrl, MysqlTcp) {
  const auto url = parse_database_url("mysql://herald:s3cret@db.example:3307/chat");
  EXPECT_EQ(url.backend, Backend::mysql);
  EXPECT_EQ(url.user, "herald");
  EXPECT_EQ(url.password, "s3cret");
  EXPECT_EQ(url.host, "db.example");
  EXPECT_EQ(url.port, 3307);
  EXPECT_EQ(url.database, "chat");
  EXPECT_TRUE(url.socket.empty());
  EXPECT_EQ(parse_database_url("mariadb://u:p@h/d").port, 3306) << "the default port";
}

TEST(DatabaseUrl, MysqlSocketAndOptions) {
  const auto url = parse_database_url(
      "mysql://herald:pw@localhost/herald?socket=/run/mysqld/mysqld.sock&connect_timeout=2&read_timeout=9");
  EXPECT_EQ(url.host, "localhost");
  EXPECT_EQ(url.socket, "/run/mysqld/mysqld.sock");
  EXPECT_EQ(url.connect_timeout_s, 2);
  EXPECT_EQ(url.read_timeout_s, 9);
  const auto soci = url.soci_connect_string();
  EXPECT_NE(soci.find("unix_socket='/run/mysqld/mysqld.sock'"), std::string::npos) << soci;
  EXPECT_EQ(soci.find("host="), std::string::npos) << "without a host the client uses the socket: " << soci;
  EXPECT_NE(soci.find("charset='utf8mb4'"), std::string::npos) << soci;
  EXPECT_NE(soci.find("connect_timeout=2"), std::string::npos) << soci;
}

TEST(DatabaseUrl, PercentEncodedPasswordIsDecodedAndQuotedForSoci) {
  const auto url = parse_database_url("mysql://her%40ld:p%40ss%3Aw'o%5Crd@[::1]:3306/db");
  EXPECT_EQ(url.user, "her@ld");
  EXPECT_EQ(url.password, "p@ss:w'o\\rd");
  EXPECT_EQ(url.host, "::1");
  EXPECT_NE(url.soci_connect_string().find("password='p@ss:w\\'o\\\\rd'"), std::string::npos)
      << url.soci_connect_string();
}

TEST(DatabaseUrl, RedactedFormHidesThePassword) {
  const auto url = parse_database_url("mysql://herald:TopSecret42@127.0.0.1:4000/herald_test");
  const auto shown = url.redacted();
  EXPECT_EQ(shown.find("TopSecret42"), std::string::npos) << shown;
  EXPECT_EQ(shown, "mysql://herald:***@127.0.0.1:4000/herald_test?connect_timeout=3");
}

TEST(DatabaseUrl, ErrorsNameTheProblemButNeverThePassword) {
  EXPECT_NE(parse_error("postgres://x").find("unknown scheme"), std::string::npos);
  EXPECT_NE(parse_error("sqlite:").find("needs a file path"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:TopSecret42@host").find("database name"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:TopSecret42@host:99999/db").find("port"), std::string::npos);
  EXPECT_NE(parse_error("mysql://u:TopSecret42@host/db?colour=blue").find("unknown option"),
            std::string::npos);
  EXPECT_NE(parse_error("mysql://u:p%zz@host/db").find("percent-encoding in the password"),
            std::string::npos);
  EXPECT_NE(parse_error("mysql://host/db").find("needs a user"), std::string::npos);
  for (const auto* bad : {"mysql://u:TopSecret42@host", "mysql://u:TopSecret42@host:0/db",
                          "mysql://u:TopSecret42@host/db?socket", "mysql://u:TopSecret42@/db"}) {
    const auto message = parse_error(bad);
    EXPECT_FALSE(message.empty()) << bad;
    EXPECT_EQ(message.find("TopSecret42"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace herald::storage
