-- Herald schema 2, SQLite dialect: chat rooms. sql/mysql/002_rooms.sql has
-- the same tables, columns and indexes; change both together.
--
-- Room messages live in their own table: the seed's messages table keeps its
-- shape (receiver_id NOT NULL references users). Room message ids are their
-- own sequence, so ids order messages within one conversation only.

CREATE TABLE IF NOT EXISTS rooms (
  room_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(255) NOT NULL,
  is_private INTEGER NOT NULL DEFAULT 0,
  owner_id INTEGER NOT NULL,
  -- Idempotent room.create: (creator, client_id) is unique. The creator is
  -- the first owner but ownership can move (owner_id), so it is kept apart.
  creator_id INTEGER NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  created_ms BIGINT NOT NULL,
  -- The newest room_messages.message_id, kept by the storage code.
  last_message_id INTEGER NULL,
  FOREIGN KEY (owner_id) REFERENCES users(user_id),
  FOREIGN KEY (creator_id) REFERENCES users(user_id),
  CONSTRAINT rooms_client_id UNIQUE (creator_id, client_id)
);
-- Discovery of public rooms: (is_private = 0) ranged by room_id.
CREATE INDEX IF NOT EXISTS rooms_by_visibility ON rooms (is_private, room_id);
-- For the owner_id foreign key (MySQL would add it implicitly).
CREATE INDEX IF NOT EXISTS rooms_by_owner ON rooms (owner_id);

-- One row per member. role is 'owner' or 'member' (rooms.owner_id agrees);
-- last_read_id is the member's read mark, a room_messages.message_id.
CREATE TABLE IF NOT EXISTS room_members (
  room_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  role VARCHAR(16) NOT NULL,
  joined_ms BIGINT NOT NULL,
  last_read_id INTEGER NULL,
  PRIMARY KEY (room_id, user_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) WITHOUT ROWID;
-- A user's rooms (conversation list, rooms.fetch, discovery's NOT EXISTS).
CREATE INDEX IF NOT EXISTS room_members_by_user ON room_members (user_id, room_id);
-- Members by seniority: the member list and the next owner.
CREATE INDEX IF NOT EXISTS room_members_by_joined ON room_members (room_id, joined_ms, user_id);

-- Pending invitations; removed when the user joins.
CREATE TABLE IF NOT EXISTS room_invites (
  room_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  inviter_id INTEGER NOT NULL,
  invited_ms BIGINT NOT NULL,
  PRIMARY KEY (room_id, user_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS room_invites_by_user ON room_invites (user_id);

CREATE TABLE IF NOT EXISTS room_messages (
  message_id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id INTEGER NOT NULL,
  sender_id INTEGER NOT NULL,
  message_text TEXT NOT NULL,
  client_id VARCHAR(64) NULL,
  sent_ms BIGINT NOT NULL,
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (sender_id) REFERENCES users(user_id),
  CONSTRAINT room_messages_client_id UNIQUE (sender_id, client_id)
);
-- History pages and unread counts are range scans of this one index: room
-- fixed, message_id ranged; sender_id makes "not mine" index-only.
CREATE INDEX IF NOT EXISTS room_messages_by_room ON room_messages (room_id, message_id, sender_id);
