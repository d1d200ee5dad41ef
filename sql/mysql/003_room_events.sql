-- Herald schema 3, MySQL/MariaDB dialect: room events stored once per room.
-- sql/sqlite/003_room_events.sql has the same table; change both together.
-- (Why: see the SQLite file.)
CREATE TABLE IF NOT EXISTS room_events (
  room_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL,
  PRIMARY KEY (room_id, event_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (event_id) REFERENCES events(event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
