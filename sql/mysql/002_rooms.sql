-- Herald schema 2, MySQL/MariaDB dialect: chat rooms. sql/sqlite/002_rooms.sql
-- has the same tables, columns and indexes; change both together.
--
-- Room messages live in their own table: the seed's messages table keeps its
-- shape (receiver_id NOT NULL references users). Room message ids are their
-- own sequence, so ids order messages within one conversation only.
-- User ids are INT to match users.user_id (InnoDB foreign keys need
-- identical types); new ids are BIGINT.

CREATE TABLE IF NOT EXISTS rooms (
  room_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  is_private TINYINT NOT NULL DEFAULT 0,
  owner_id INT NOT NULL,
  -- Idempotent room.create: (creator, client_id) is unique. The creator is
  -- the first owner but ownership can move (owner_id), so it is kept apart.
  creator_id INT NOT NULL,
  client_id VARCHAR(64) NOT NULL,
  created_ms BIGINT NOT NULL,
  -- The newest room_messages.message_id, kept by the storage code.
  last_message_id BIGINT NULL,
  -- Discovery of public rooms: (is_private = 0) ranged by room_id.
  KEY rooms_by_visibility (is_private, room_id),
  KEY rooms_by_owner (owner_id),
  FOREIGN KEY (owner_id) REFERENCES users(user_id),
  FOREIGN KEY (creator_id) REFERENCES users(user_id),
  CONSTRAINT rooms_client_id UNIQUE KEY (creator_id, client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per member. role is 'owner' or 'member' (rooms.owner_id agrees);
-- last_read_id is the member's read mark, a room_messages.message_id.
CREATE TABLE IF NOT EXISTS room_members (
  room_id BIGINT NOT NULL,
  user_id INT NOT NULL,
  role VARCHAR(16) NOT NULL,
  joined_ms BIGINT NOT NULL,
  last_read_id BIGINT NULL,
  PRIMARY KEY (room_id, user_id),
  -- A user's rooms (conversation list, rooms.fetch, discovery's NOT EXISTS).
  KEY room_members_by_user (user_id, room_id),
  -- Members by seniority: the member list and the next owner.
  KEY room_members_by_joined (room_id, joined_ms, user_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Pending invitations; removed when the user joins.
CREATE TABLE IF NOT EXISTS room_invites (
  room_id BIGINT NOT NULL,
  user_id INT NOT NULL,
  inviter_id INT NOT NULL,
  invited_ms BIGINT NOT NULL,
  PRIMARY KEY (room_id, user_id),
  KEY room_invites_by_user (user_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (user_id) REFERENCES users(user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS room_messages (
  message_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  room_id BIGINT NOT NULL,
  sender_id INT NOT NULL,
  message_text TEXT NOT NULL,
  client_id VARCHAR(64) NULL,
  sent_ms BIGINT NOT NULL,
  -- History pages and unread counts are range scans of this one index: room
  -- fixed, message_id ranged; sender_id makes "not mine" index-only.
  KEY room_messages_by_room (room_id, message_id, sender_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (sender_id) REFERENCES users(user_id),
  CONSTRAINT room_messages_client_id UNIQUE KEY (sender_id, client_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
