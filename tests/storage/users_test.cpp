// Users and sessions.
#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using testing::StorageTest;
class UsersTest : public StorageTest {};

TEST_P(UsersTest, CreateAndLookUp) {
  const auto kamil = db_->create_user("Kamil", "argon2-hash", true, 1234);
  ASSERT_TRUE(kamil);
  EXPECT_GT(kamil->id, 0);
  EXPECT_EQ(kamil->username, "Kamil");
  EXPECT_TRUE(kamil->admin);

  const auto by_name = db_->user_by_name("Kamil");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->info.id, kamil->id);
  EXPECT_EQ(by_name->info.username, "Kamil");
  EXPECT_TRUE(by_name->info.admin);
  EXPECT_EQ(by_name->password_hash, "argon2-hash");

  const auto by_id = db_->user_by_id(kamil->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->username, "Kamil");
  EXPECT_FALSE(db_->user_by_id(kamil->id + 1000));
  EXPECT_FALSE(db_->user_by_name("nobody"));
}

TEST_P(UsersTest, UsernamesAreCaseInsensitive) {
  ASSERT_TRUE(db_->create_user("Kamil", "h1", false, 1));
  EXPECT_FALSE(db_->create_user("kamil", "h2", false, 2)) << "taken, compared case-insensitively";
  EXPECT_FALSE(db_->create_user("KAMIL", "h3", false, 3));
  for (const char* spelling : {"kamil", "KAMIL", "kAmIl"}) {
    const auto user = db_->user_by_name(spelling);
    ASSERT_TRUE(user) << spelling;
    EXPECT_EQ(user->info.username, "Kamil") << "the stored spelling is kept";
    EXPECT_EQ(user->password_hash, "h1");
  }
  EXPECT_EQ(db_->count_users(), 1);
}

TEST_P(UsersTest, PrefixSearchIsCaseInsensitiveOrderedAndLimited) {
  for (const char* name : {"anna", "Andrzej", "ANIA", "bartek", "an.na", "an_ka", "Zosia"}) make_user(name);
  std::vector<std::string> names;
  for (const auto& u : db_->users_by_prefix("AN", 10)) names.push_back(u.username);
  EXPECT_EQ(names, (std::vector<std::string>{"an.na", "an_ka", "Andrzej", "ANIA", "anna"}));
  EXPECT_EQ(db_->users_by_prefix("an", 2).size(), 2u);
  EXPECT_EQ(db_->users_by_prefix("an", 0).size(), 0u);
  EXPECT_EQ(db_->users_by_prefix("", 100).size(), 7u);
  EXPECT_EQ(db_->users_by_prefix("zosia", 5).size(), 1u);
  EXPECT_TRUE(db_->users_by_prefix("zosiak", 5).empty());
  EXPECT_TRUE(db_->users_by_prefix("%", 5).empty()) << "no LIKE wildcards";
  EXPECT_TRUE(db_->users_by_prefix("_", 5).empty());
}

TEST_P(UsersTest, ExistingUsersIsTheSubsetThatExists) {
  std::vector<core::UserId> ids;
  for (int i = 0; i < 120; ++i) ids.push_back(make_user("user" + std::to_string(i)));
  std::vector<core::UserId> query = ids;
  query.push_back(ids.back() + 1);  // unknown
  query.push_back(-5);
  query.push_back(ids[3]);  // duplicate
  const auto found = db_->existing_users(query);
  EXPECT_EQ(found, ids) << "more than one IN chunk, sorted, deduplicated, unknown ids dropped";
  EXPECT_TRUE(db_->existing_users({}).empty());
}

TEST_P(UsersTest, SetAdminAndCount) {
  const auto id = make_user("ola");
  make_user("ela");
  EXPECT_EQ(db_->count_users(), 2);
  db_->set_admin(id, true);
  EXPECT_TRUE(db_->user_by_id(id)->admin);
  db_->set_admin(id, false);
  EXPECT_FALSE(db_->user_by_id(id)->admin);
}

TEST_P(UsersTest, SessionsExpireAndAreRevoked) {
  const auto id = make_user("Kamil");
  const std::string token(64, 'a'), other(64, 'b');
  db_->create_session(token, id, 1000, 5000);
  db_->create_session(other, id, 1000, 5000);
  const auto user = db_->session_user(token, 4999);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->id, id);
  EXPECT_EQ(user->username, "Kamil");
  EXPECT_FALSE(db_->session_user(token, 5000)) << "expired at expires_at";
  EXPECT_FALSE(db_->session_user(std::string(64, 'c'), 2000)) << "unknown token";
  db_->revoke_session(token);
  EXPECT_FALSE(db_->session_user(token, 2000)) << "revoked";
  EXPECT_TRUE(db_->session_user(other, 2000)) << "other sessions stay";
}

TEST_P(UsersTest, SessionForAMissingUserIsRejected) {
  try {
    db_->create_session(std::string(64, 'd'), 424242, 1, 2);
    FAIL() << "foreign key: the user must exist";
  } catch (const core::StorageError& e) {
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("create_session"), std::string::npos) << e.what();
  }
}

TEST_P(UsersTest, PingAnswers) {
  EXPECT_NO_THROW(db_->ping());
}

HERALD_STORAGE_BACKENDS(UsersTest);

}  // namespace
}  // namespace herald::storage
