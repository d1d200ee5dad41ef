-- Herald schema 5, MySQL/MariaDB dialect: a table for /readyz's write probe.
-- sql/sqlite/005_storage_probe.sql does the same (and says why); change both
-- together. The table holds at most one row.
CREATE TABLE IF NOT EXISTS storage_probe (
  id INT NOT NULL PRIMARY KEY,
  filler MEDIUMBLOB NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
