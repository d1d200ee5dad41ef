#include "herald/webhooks/url.hpp"

#include <gtest/gtest.h>

namespace herald::webhooks {
namespace {

Url parse_ok(std::string_view text) {
  auto result = parse_url(text);
  EXPECT_TRUE(std::holds_alternative<Url>(result)) << text;
  return std::holds_alternative<Url>(result) ? std::get<Url>(result) : Url{};
}

UrlError parse_error(std::string_view text) {
  auto result = parse_url(text);
  EXPECT_TRUE(std::holds_alternative<UrlError>(result)) << text << " parsed";
  return std::holds_alternative<UrlError>(result) ? std::get<UrlError>(result) : UrlError::bad_scheme;
}

TEST(Url, HttpWithPortPathAndQuery) {
  const auto url = parse_ok("http://example.com:8080/hooks/pusher?app=1&x=y");
  EXPECT_FALSE(url.tls);
  EXPECT_EQ(url.host, "example.com");
  EXPECT_EQ(url.port, 8080);
  EXPECT_EQ(url.path, "/hooks/pusher");
  EXPECT_EQ(url.query, "app=1&x=y");
  EXPECT_EQ(url.target(), "/hooks/pusher?app=1&x=y");
  EXPECT_EQ(url.host_header(), "example.com:8080");
  EXPECT_EQ(url.for_log(), "example.com:8080/hooks/pusher");
  EXPECT_FALSE(url.host_is_ip());
}

TEST(Url, DefaultPortsAndPath) {
  const auto plain = parse_ok("http://example.com");
  EXPECT_EQ(plain.port, 80);
  EXPECT_EQ(plain.target(), "/");
  EXPECT_EQ(plain.host_header(), "example.com");
  const auto tls = parse_ok("HTTPS://Example.com?x=1");
  EXPECT_TRUE(tls.tls);
  EXPECT_EQ(tls.port, 443);
  EXPECT_EQ(tls.host, "Example.com");
  EXPECT_EQ(tls.target(), "/?x=1");
  EXPECT_EQ(tls.host_header(), "Example.com");
  EXPECT_EQ(parse_ok("https://h:80/").host_header(), "h:80");
}

TEST(Url, FragmentIsDropped) {
  const auto url = parse_ok("http://h/p?q=1#frag");
  EXPECT_EQ(url.target(), "/p?q=1");
  EXPECT_EQ(parse_ok("http://h#frag").target(), "/");
}

TEST(Url, IpLiterals) {
  const auto v4 = parse_ok("http://127.0.0.1:9/x");
  EXPECT_TRUE(v4.host_is_ip());
  EXPECT_EQ(v4.host_header(), "127.0.0.1:9");
  const auto v6 = parse_ok("https://[::1]:8443/x");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 8443);
  EXPECT_TRUE(v6.host_is_ip());
  EXPECT_EQ(v6.host_header(), "[::1]:8443");
  EXPECT_EQ(parse_ok("http://[fe80::1]/").host_header(), "[fe80::1]");
}

TEST(Url, Rejected) {
  EXPECT_EQ(parse_error(""), UrlError::bad_scheme);
  EXPECT_EQ(parse_error("ftp://h/"), UrlError::bad_scheme);
  EXPECT_EQ(parse_error("example.com/hook"), UrlError::bad_scheme);
  EXPECT_EQ(parse_error("http:/h/"), UrlError::bad_scheme);
  EXPECT_EQ(parse_error("http://"), UrlError::empty_host);
  EXPECT_EQ(parse_error("http:///path"), UrlError::empty_host);
  EXPECT_EQ(parse_error("http://:80/"), UrlError::empty_host);
  EXPECT_EQ(parse_error("http://user:pw@h/"), UrlError::userinfo);
  EXPECT_EQ(parse_error("http://h:/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h:0/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h:65536/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h:99999999999/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h:8o/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h:1:2/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h%41/"), UrlError::bad_host);
  EXPECT_EQ(parse_error("http://[::1/"), UrlError::bad_host);
  EXPECT_EQ(parse_error("http://[nope]/"), UrlError::bad_host);
  EXPECT_EQ(parse_error("http://[::1]x/"), UrlError::bad_host);
  EXPECT_EQ(parse_error("http://[::1]:/"), UrlError::bad_port);
  EXPECT_EQ(parse_error("http://h/a b"), UrlError::bad_character);
  EXPECT_EQ(parse_error("http://h/\r\nX-Injected: 1"), UrlError::bad_character);
  EXPECT_EQ(parse_error(std::string_view("http://h/\0", 10)), UrlError::bad_character);
  EXPECT_EQ(parse_error("http://h/\xc3\xa9"), UrlError::bad_character);
  EXPECT_EQ(parse_error(" http://h/"), UrlError::bad_character);
}

TEST(Url, EveryErrorIsDescribed) {
  for (auto error : {UrlError::bad_scheme, UrlError::userinfo, UrlError::empty_host, UrlError::bad_host,
                     UrlError::bad_port, UrlError::bad_character}) {
    EXPECT_STRNE(describe(error), "unknown URL error");
  }
}

}  // namespace
}  // namespace herald::webhooks
