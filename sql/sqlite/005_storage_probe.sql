-- Herald schema 5, SQLite dialect: a table for /readyz's write probe.
-- sql/mysql/005_storage_probe.sql does the same; change both together.
--
-- After a write failed for lack of space, /readyz answers 503 until a write
-- of a few pages commits again: the probe replaces the one row here with a
-- 64 KiB filler (SociStorage::check_ready). The table holds at most one row.
CREATE TABLE IF NOT EXISTS storage_probe (
  id INTEGER PRIMARY KEY,
  filler BLOB NOT NULL
);
