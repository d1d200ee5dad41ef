-- Herald schema 1, SQLite dialect. sql/mysql/001_initial.sql has the same
-- tables, columns and indexes; change both together.
--
-- Embedded into herald_storage at build time and applied at start-up in one
-- transaction, recorded in schema_migrations (which the migrator creates).
-- The migrator splits on semicolons: keep them out of literals and comments.
-- Ids: INTEGER PRIMARY KEY AUTOINCREMENT is SQLite's 64-bit rowid, never
-- reused, so message ids and event cursors only grow. Tables keyed by
-- something else are WITHOUT ROWID: stored in primary-key order, like InnoDB.

CREATE TABLE IF NOT EXISTS users (
  user_id INTEGER PRIMARY KEY AUTOINCREMENT,
  username VARCHAR(64) NOT NULL,
  -- ASCII-lowercased username: case-insensitive uniqueness and lookups
  username_key VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  CONSTRAINT users_username_key UNIQUE (username_key)
);

CREATE TABLE IF NOT EXISTS sessions (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,  -- hex SHA-256 of the token
  user_id INTEGER NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);

-- The seed's table, extended with client_id (idempotent retries) and
-- sent_ms (what the API returns). timestamp keeps the seed's default: the
-- insertion time in seconds, as the seed's query expects.
CREATE TABLE IF NOT EXISTS messages (
  message_id INTEGER PRIMARY KEY AUTOINCREMENT,
  sender_id INT NOT NULL,
  receiver_id INT NOT NULL,
  message_text TEXT NOT NULL,
  timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  client_id VARCHAR(64) NULL,
  sent_ms BIGINT NOT NULL,
  FOREIGN KEY (sender_id) REFERENCES users(user_id),
  FOREIGN KEY (receiver_id) REFERENCES users(user_id),
  CONSTRAINT messages_client_id UNIQUE (sender_id, client_id)
);
-- History in both directions and unread counts are range scans of this one
-- index: (sender, receiver) fixed, message_id ranged.
CREATE INDEX IF NOT EXISTS messages_by_pair ON messages (sender_id, receiver_id, message_id);
-- For the receiver_id foreign key (MySQL would add it implicitly).
CREATE INDEX IF NOT EXISTS messages_by_receiver ON messages (receiver_id);

-- One row per (user, peer): the key of protocol::group_by_conversation.
-- last_message_id and last_read_id are message ids, kept by the storage code.
CREATE TABLE IF NOT EXISTS conversations (
  user_id INTEGER NOT NULL,
  peer_id INTEGER NOT NULL,
  last_message_id INTEGER NOT NULL,
  last_read_id INTEGER NULL,
  PRIMARY KEY (user_id, peer_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS conversations_by_recent ON conversations (user_id, last_message_id);

CREATE TABLE IF NOT EXISTS notifications (
  notification_id INTEGER PRIMARY KEY AUTOINCREMENT,
  sender_id INTEGER NULL,
  client_scope VARCHAR(64) NOT NULL,  -- "user:<id>", "api" or "system"
  client_id VARCHAR(64) NULL,
  title VARCHAR(255) NOT NULL,
  body TEXT NOT NULL,
  kind VARCHAR(64) NULL,
  link VARCHAR(2048) NULL,
  created_ms BIGINT NOT NULL,
  FOREIGN KEY (sender_id) REFERENCES users(user_id),
  CONSTRAINT notifications_client_id UNIQUE (client_scope, client_id)
);
CREATE INDEX IF NOT EXISTS notifications_by_sender ON notifications (sender_id);

CREATE TABLE IF NOT EXISTS notification_recipients (
  user_id INTEGER NOT NULL,
  notification_id INTEGER NOT NULL,
  read_ms BIGINT NULL,
  PRIMARY KEY (user_id, notification_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) WITHOUT ROWID;
-- Unread counts and "mark all read": (user, read_ms IS NULL) index-only.
CREATE INDEX IF NOT EXISTS notification_recipients_unread ON notification_recipients (user_id, read_ms);

-- The event log behind resume cursors: one global sequence, one payload per
-- event, one row per recipient.
CREATE TABLE IF NOT EXISTS events (
  event_id INTEGER PRIMARY KEY AUTOINCREMENT,
  payload TEXT NOT NULL,
  created_ms BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS event_recipients (
  user_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (user_id, event_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) WITHOUT ROWID;
