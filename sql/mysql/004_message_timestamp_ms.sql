-- Herald schema 4, MySQL/MariaDB dialect: messages.timestamp in milliseconds.
-- sql/sqlite/004_message_timestamp_ms.sql does the same; change both together.
-- (Why: see the SQLite file.) Herald writes timestamp from sent_ms, the
-- server's clock at the send; the default keeps milliseconds too.
ALTER TABLE messages MODIFY COLUMN timestamp TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);
UPDATE messages SET timestamp = FROM_UNIXTIME(sent_ms / 1000);
