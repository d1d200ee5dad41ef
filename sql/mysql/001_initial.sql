-- Herald schema 1, MySQL/MariaDB dialect. sql/sqlite/001_initial.sql has the
-- same tables, columns and indexes; change both together.
--
-- Embedded into herald_storage at build time and applied at start-up,
-- recorded in schema_migrations (which the migrator creates). MySQL commits
-- DDL implicitly, so every statement is IF NOT EXISTS: a migration that
-- stopped halfway can simply run again.
-- The migrator splits on semicolons: keep them out of literals and comments.
--
-- users.user_id and messages.message_id are INT because the seed's messages
-- table (kept as the seed has it) references users(user_id) with INT columns,
-- and InnoDB foreign keys need identical types. New ids are BIGINT.
-- utf8mb4_bin everywhere: exact comparisons, full Unicode (emoji, Polish,
-- Cyrillic); usernames compare case-insensitively through username_key.

CREATE TABLE IF NOT EXISTS users (
  user_id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  -- ASCII-lowercased username: case-insensitive uniqueness and lookups
  username_key VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  is_admin TINYINT NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  CONSTRAINT users_username_key UNIQUE KEY (username_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS sessions (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,  -- hex SHA-256 of the token
  user_id INT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  revoked TINYINT NOT NULL DEFAULT 0,
  KEY sessions_by_user (user_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The seed's table, extended with client_id (idempotent retries) and
-- sent_ms (what the API returns). timestamp keeps the seed's default: the
-- insertion time in seconds, as the seed's query expects.
CREATE TABLE IF NOT EXISTS messages (
  message_id INT PRIMARY KEY AUTO_INCREMENT,
  sender_id INT NOT NULL,
  receiver_id INT NOT NULL,
  message_text TEXT NOT NULL,
  timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  client_id VARCHAR(64) NULL,
  sent_ms BIGINT NOT NULL,
  FOREIGN KEY (sender_id) REFERENCES users(user_id),
  FOREIGN KEY (receiver_id) REFERENCES users(user_id),
  CONSTRAINT messages_client_id UNIQUE KEY (sender_id, client_id),
  -- History in both directions and unread counts are range scans of this
  -- one index: (sender, receiver) fixed, message_id ranged.
  KEY messages_by_pair (sender_id, receiver_id, message_id),
  KEY messages_by_receiver (receiver_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per (user, peer): the key of protocol::group_by_conversation.
-- last_message_id and last_read_id are message ids, kept by the storage code.
CREATE TABLE IF NOT EXISTS conversations (
  user_id INT NOT NULL,
  peer_id INT NOT NULL,
  last_message_id INT NOT NULL,
  last_read_id INT NULL,
  PRIMARY KEY (user_id, peer_id),
  KEY conversations_by_recent (user_id, last_message_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS notifications (
  notification_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sender_id INT NULL,
  client_scope VARCHAR(64) NOT NULL,  -- "user:<id>", "api" or "system"
  client_id VARCHAR(64) NULL,
  title VARCHAR(255) NOT NULL,
  body TEXT NOT NULL,
  kind VARCHAR(64) NULL,
  link VARCHAR(2048) NULL,
  created_ms BIGINT NOT NULL,
  KEY notifications_by_sender (sender_id),
  FOREIGN KEY (sender_id) REFERENCES users(user_id),
  CONSTRAINT notifications_client_id UNIQUE KEY (client_scope, client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS notification_recipients (
  user_id INT NOT NULL,
  notification_id BIGINT NOT NULL,
  read_ms BIGINT NULL,
  PRIMARY KEY (user_id, notification_id),
  -- Unread counts and "mark all read": (user, read_ms IS NULL) index-only.
  KEY notification_recipients_unread (user_id, read_ms),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The event log behind resume cursors: one global sequence, one payload per
-- event, one row per recipient.
CREATE TABLE IF NOT EXISTS events (
  event_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payload MEDIUMTEXT NOT NULL,
  created_ms BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS event_recipients (
  user_id INT NOT NULL,
  event_id BIGINT NOT NULL,
  PRIMARY KEY (user_id, event_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
