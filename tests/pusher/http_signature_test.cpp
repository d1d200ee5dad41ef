#include "herald/pusher/http_signature.hpp"

#include <gtest/gtest.h>

#include "test_keys.hpp"

namespace herald::pusher {
namespace {

using test::kDocKeys;

// HTTP API reference, "Worked authentication example".
constexpr std::string_view kDocBody = R"({"name":"foo","channels":["project-3"],"data":"{\"some\":\"data\"}"})";
constexpr std::int64_t kDocTime = 1353088179;
constexpr std::string_view kDocQuery =
    "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f"
    "&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c";

QueryParams query(std::string_view raw) {
  auto parsed = parse_query_string(raw);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? parsed.value() : QueryParams{};
}

Status verify(std::string_view method, std::string_view path, std::string_view raw_query, std::string_view body,
              std::int64_t now = kDocTime) {
  const QueryParams params = query(raw_query);
  return verify_http_request(kDocKeys, HttpRequestView{method, path, params, body}, now);
}

TEST(HttpSignature, DocumentedExampleStringToSign) {
  EXPECT_EQ(http_string_to_sign("POST", "/apps/3/events", query(kDocQuery)),
            "POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0"
            "&body_md5=ec365a775a4cd0599faeb73354201b6f");
}

TEST(HttpSignature, DocumentedExampleVerifies) {
  const auto status = verify("POST", "/apps/3/events", kDocQuery, kDocBody);
  EXPECT_TRUE(status.ok()) << status.error().message;
  EXPECT_TRUE(verify("post", "/apps/3/events", kDocQuery, kDocBody).ok()) << "the method is upper-cased";
}

TEST(HttpSignature, SignerReproducesTheDocumentedQuery) {
  const QueryParams signed_query = sign_http_request(kDocKeys, "POST", "/apps/3/events", {}, kDocBody, kDocTime);
  std::string joined;
  for (const auto& [key, value] : signed_query) joined += (joined.empty() ? "" : "&") + key + "=" + value;
  EXPECT_EQ(joined, kDocQuery);
}

// A GET as pusher-http-node 5.x sends it: parameters sorted, values not
// escaped, auth_signature last. Signature computed independently with
//   printf 'GET\n/apps/3/channels\nauth_key=...&info=user_count' | openssl dgst -sha256 -hmac <secret>
TEST(HttpSignature, NodeLibraryGetWithParameters) {
  const std::string raw =
      "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&filter_by_prefix=presence-"
      "&info=user_count&auth_signature=16819168891cb5dfd72b5c7a5d3d602605b26c6ba1930033b5e2eeeb65010291";
  const auto status = verify("GET", "/apps/3/channels", raw, "");
  EXPECT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(verify("GET", "/apps/3/channels/", raw, "").error().code, Errc::http_bad_signature)
      << "the path is signed exactly";
}

TEST(HttpSignature, ValuesAreSignedUnescapedSoEscapedAndRawQueriesBothVerify) {
  // info=user_count,subscription_count: pusher-http-node sends the comma raw,
  // other clients send %2C; both were signed over the unescaped value.
  const std::string sig = "377ee9260ea002a70c0d40cd887d55cb36db9f7f821297f5efacbcce66be356d";
  const std::string base = "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0";
  EXPECT_TRUE(verify("GET", "/apps/3/channels/presence-foobar",
                     base + "&info=user_count,subscription_count&auth_signature=" + sig, "")
                  .ok());
  EXPECT_TRUE(verify("GET", "/apps/3/channels/presence-foobar",
                     base + "&info=user_count%2Csubscription_count&auth_signature=" + sig, "")
                  .ok());
}

TEST(HttpSignature, KeysAreLowerCasedAndSortedAndTheSignatureLeftOut) {
  const QueryParams params{{"Name", "Something else"}, {"auth_signature", "x"}, {"auth_key", "foo"}};
  EXPECT_EQ(http_string_to_sign("get", "/p", params), "GET\n/p\nauth_key=foo&name=Something else");
  EXPECT_EQ(http_string_to_sign("GET", "/p", {}), "GET\n/p\n");
}

TEST(HttpSignature, ParameterOrderInTheRequestDoesNotMatter) {
  const QueryParams signed_query = sign_http_request(kDocKeys, "GET", "/apps/3/channels",
                                                     {{"info", "user_count"}, {"filter_by_prefix", "presence-"}}, "",
                                                     kDocTime);
  QueryParams reversed(signed_query.rbegin(), signed_query.rend());
  EXPECT_TRUE(verify_http_request(kDocKeys, {"GET", "/apps/3/channels", reversed, ""}, kDocTime).ok());
}

TEST(HttpSignature, TimestampWindowIs600SecondsEitherSide) {
  EXPECT_TRUE(verify("POST", "/apps/3/events", kDocQuery, kDocBody, kDocTime + 600).ok());
  EXPECT_TRUE(verify("POST", "/apps/3/events", kDocQuery, kDocBody, kDocTime - 600).ok());
  const auto late = verify("POST", "/apps/3/events", kDocQuery, kDocBody, kDocTime + 601);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, Errc::http_stale_timestamp);
  EXPECT_EQ(late.error().http_status(), 401);
  EXPECT_EQ(verify("POST", "/apps/3/events", kDocQuery, kDocBody, kDocTime - 601).error().code,
            Errc::http_stale_timestamp);
}

TEST(HttpSignature, BodyIsCheckedAgainstBodyMd5) {
  const auto tampered = verify("POST", "/apps/3/events", kDocQuery, R"({"name":"bar"})");
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().code, Errc::http_body_md5_mismatch);
  EXPECT_EQ(tampered.error().http_status(), 401);
  const QueryParams no_md5 = sign_http_request(kDocKeys, "POST", "/apps/3/events", {}, "", kDocTime);
  const auto missing = verify_http_request(kDocKeys, {"POST", "/apps/3/events", no_md5, kDocBody}, kDocTime);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::http_body_md5_missing);
  EXPECT_TRUE(verify_http_request(kDocKeys, {"POST", "/apps/3/events", no_md5, ""}, kDocTime).ok())
      << "an empty body needs no body_md5";
}

TEST(HttpSignature, EachAuthenticationFailureHasItsCodeAndStatus) {
  const std::string sig = "&auth_signature=" + std::string(64, 'a');
  struct Case {
    std::string query;
    Errc code;
    std::uint16_t status;
  };
  const Case cases[] = {
      {"auth_timestamp=1353088179&auth_version=1.0" + sig, Errc::http_auth_param_missing, 401},
      {"auth_key=278d425bdf160c739803&auth_version=1.0" + sig, Errc::http_auth_param_missing, 401},
      {"auth_key=278d425bdf160c739803&auth_timestamp=1353088179" + sig, Errc::http_auth_param_missing, 401},
      {"auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0", Errc::http_auth_param_missing,
       401},
      {"auth_key=a&auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0" + sig,
       Errc::http_auth_param_duplicated, 400},
      {"auth_key=otherkey&auth_timestamp=1353088179&auth_version=1.0" + sig, Errc::http_unknown_key, 401},
      {"auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=2.0" + sig, Errc::http_bad_auth_version,
       401},
      {"auth_key=278d425bdf160c739803&auth_timestamp=soon&auth_version=1.0" + sig, Errc::http_bad_timestamp, 401},
      {"auth_key=278d425bdf160c739803&auth_timestamp=-5&auth_version=1.0" + sig, Errc::http_bad_timestamp, 401},
      {"auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0" + sig, Errc::http_bad_signature,
       401},
  };
  for (const Case& c : cases) {
    const auto status = verify("GET", "/apps/3/channels", c.query, "");
    ASSERT_FALSE(status.ok()) << c.query;
    EXPECT_EQ(status.error().code, c.code) << c.query << ": " << status.error().message;
    EXPECT_EQ(status.error().http_status(), c.status) << c.query;
  }
}

TEST(QueryString, SplitsAndDecodes) {
  const QueryParams params = query("a=1&&b=x%20y+z&c&d=%e2%82%AC&=v");
  ASSERT_EQ(params.size(), 5u);
  EXPECT_EQ(params[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(params[1], (std::pair<std::string, std::string>{"b", "x y+z"})) << "'+' stays '+'";
  EXPECT_EQ(params[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(params[3], (std::pair<std::string, std::string>{"d", "\xe2\x82\xac"}));
  EXPECT_EQ(params[4], (std::pair<std::string, std::string>{"", "v"}));
  EXPECT_TRUE(query("").empty());
  for (const char* bad : {"a=%", "a=%2", "a=%zz", "%g1=b"}) {
    const auto parsed = parse_query_string(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, Errc::http_malformed_query);
  }
}

TEST(Webhook, SignatureIsHmacOfTheBody) {
  const std::string body = R"({"time_ms":1327078148132,"events":[{"name":"channel_occupied","channel":"my-channel"}]})";
  const std::string expected = "c19001ae3963ccb13bf618e5b16ba9848e7e74df0993aa0689168e341c6833cf";
  EXPECT_EQ(webhook_signature(kDocKeys, body), expected);
  EXPECT_TRUE(verify_webhook(kDocKeys, "278d425bdf160c739803", expected, body).ok());
  EXPECT_EQ(verify_webhook(kDocKeys, "278d425bdf160c739803", expected, body + " ").error().code,
            Errc::webhook_bad_signature);
  EXPECT_EQ(verify_webhook(kDocKeys, "other", expected, body).error().code, Errc::http_unknown_key);
}

}  // namespace
}  // namespace herald::pusher
