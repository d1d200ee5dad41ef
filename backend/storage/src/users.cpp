// Users and sessions.
#include <algorithm>

#include "storage_impl.hpp"

namespace herald::storage {

using core::StoredUser;
using core::Timestamp;
using core::UserId;
using core::UserInfo;

namespace detail {

std::string username_key(const std::string& username) {
  std::string key = username;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return key;
}

}  // namespace detail

std::optional<UserInfo> SociStorage::create_user(const std::string& username,
                                                 const std::string& password_hash, bool admin,
                                                 Timestamp now) {
  return impl_->guard("create_user", [&]() -> std::optional<UserInfo> {
    auto& sql = impl_->sql;
    const std::string key = detail::username_key(username);
    int taken = 0;
    sql << "SELECT COUNT(*) FROM users WHERE username_key = :key", soci::use(key), soci::into(taken);
    if (taken != 0) return std::nullopt;
    const int is_admin = admin ? 1 : 0;
    const long long created = now;
    sql << "INSERT INTO users (username, username_key, password_hash, is_admin, created_ms) "
           "VALUES (:username, :key, :hash, :admin, :created)",
        soci::use(username), soci::use(key), soci::use(password_hash), soci::use(is_admin),
        soci::use(created);
    return UserInfo{impl_->last_insert_id("users"), username, admin};
  });
}

std::optional<StoredUser> SociStorage::user_by_name(const std::string& username) {
  return impl_->guard("user_by_name", [&]() -> std::optional<StoredUser> {
    const std::string key = detail::username_key(username);
    StoredUser user;
    long long id = 0;
    int admin = 0;
    impl_->sql << "SELECT user_id, username, is_admin, password_hash FROM users WHERE username_key = :key",
        soci::use(key), soci::into(id), soci::into(user.info.username), soci::into(admin),
        soci::into(user.password_hash);
    if (!impl_->sql.got_data()) return std::nullopt;
    user.info.id = id;
    user.info.admin = admin != 0;
    return user;
  });
}

std::optional<UserInfo> SociStorage::user_by_id(UserId id) {
  return impl_->guard("user_by_id", [&]() -> std::optional<UserInfo> {
    const long long wanted = id;
    UserInfo user;
    int admin = 0;
    impl_->sql << "SELECT username, is_admin FROM users WHERE user_id = :id", soci::use(wanted),
        soci::into(user.username), soci::into(admin);
    if (!impl_->sql.got_data()) return std::nullopt;
    user.id = id;
    user.admin = admin != 0;
    return user;
  });
}

std::vector<UserInfo> SociStorage::users_by_prefix(const std::string& prefix, std::size_t limit) {
  return impl_->guard("users_by_prefix", [&] {
    std::vector<UserInfo> users;
    if (limit == 0) return users;
    // A range of the username_key index: every username character sorts
    // below DEL (0x7F), so [key, key + DEL) holds exactly the keys that
    // start with `key`.
    const std::string low = detail::username_key(prefix);
    const std::string high = low + '\x7f';
    const long long n = detail::sql_limit(limit);
    long long id = 0;
    std::string username;
    int admin = 0;
    soci::statement st = (impl_->sql.prepare << "SELECT user_id, username, is_admin FROM users "
                                                "WHERE username_key >= :low AND username_key < :high "
                                                "ORDER BY username_key LIMIT :n",
                          soci::use(low), soci::use(high), soci::use(n), soci::into(id), soci::into(username),
                          soci::into(admin));
    st.execute();
    while (st.fetch()) users.push_back(UserInfo{id, username, admin != 0});
    return users;
  });
}

std::vector<UserId> SociStorage::existing_users(const std::vector<UserId>& ids) {
  return impl_->guard("existing_users", [&] {
    std::vector<long long> wanted(ids.begin(), ids.end());
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::vector<UserId> found;
    // IN lists of placeholders (never of values), a bounded number at a time.
    constexpr std::size_t kChunk = 100;
    for (std::size_t first = 0; first < wanted.size(); first += kChunk) {
      const std::size_t count = std::min(kChunk, wanted.size() - first);
      std::string query = "SELECT user_id FROM users WHERE user_id IN (";
      for (std::size_t i = 0; i < count; ++i) query += (i == 0 ? ":id" : ", :id") + std::to_string(i);
      query += ")";
      long long id = 0;
      soci::statement st(impl_->sql);
      st.exchange(soci::into(id));
      for (std::size_t i = 0; i < count; ++i) st.exchange(soci::use(wanted[first + i]));
      st.alloc();
      st.prepare(query);
      st.define_and_bind();
      st.execute();
      while (st.fetch()) found.push_back(id);
    }
    std::sort(found.begin(), found.end());
    return found;
  });
}

void SociStorage::set_admin(UserId id, bool admin) {
  impl_->guard("set_admin", [&] {
    const int value = admin ? 1 : 0;
    const long long user = id;
    impl_->sql << "UPDATE users SET is_admin = :admin WHERE user_id = :id", soci::use(value), soci::use(user);
  });
}

std::int64_t SociStorage::count_users() {
  return impl_->guard("count_users", [&] {
    long long count = 0;
    impl_->sql << "SELECT COUNT(*) FROM users", soci::into(count);
    return static_cast<std::int64_t>(count);
  });
}

void SociStorage::create_session(const std::string& token_hash, UserId user, Timestamp now,
                                 Timestamp expires_at) {
  impl_->guard("create_session", [&] {
    const long long user_id = user, created = now, expires = expires_at;
    impl_->sql << "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms, revoked) "
                  "VALUES (:hash, :user, :created, :expires, 0)",
        soci::use(token_hash), soci::use(user_id), soci::use(created), soci::use(expires);
  });
}

std::optional<UserInfo> SociStorage::session_user(const std::string& token_hash, Timestamp now) {
  return impl_->guard("session_user", [&]() -> std::optional<UserInfo> {
    const long long at = now;
    long long id = 0;
    UserInfo user;
    int admin = 0;
    impl_->sql << "SELECT u.user_id, u.username, u.is_admin FROM sessions s "
                  "JOIN users u ON u.user_id = s.user_id "
                  "WHERE s.token_hash = :hash AND s.revoked = 0 AND s.expires_ms > :now",
        soci::use(token_hash), soci::use(at), soci::into(id), soci::into(user.username), soci::into(admin);
    if (!impl_->sql.got_data()) return std::nullopt;
    user.id = id;
    user.admin = admin != 0;
    return user;
  });
}

void SociStorage::revoke_session(const std::string& token_hash) {
  impl_->guard("revoke_session", [&] {
    impl_->sql << "UPDATE sessions SET revoked = 1 WHERE token_hash = :hash", soci::use(token_hash);
  });
}

}  // namespace herald::storage
