-- Herald schema 3, SQLite dialect: room events stored once per room.
-- sql/mysql/003_room_events.sql has the same table; change both together.
--
-- A room message (or receipt) is one row in events and one here, instead of
-- one event_recipients row per member: a 5,000-member room would otherwise
-- write 5,000 rows per message. A user's replay is their event_recipients
-- rows plus the room_events of the rooms they are a member of now.
CREATE TABLE IF NOT EXISTS room_events (
  room_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  PRIMARY KEY (room_id, event_id),
  FOREIGN KEY (room_id) REFERENCES rooms(room_id),
  FOREIGN KEY (event_id) REFERENCES events(event_id)
) WITHOUT ROWID;
