-- When each row was written, so that the store delay (point time to row) can be measured per source: the delay
-- call and bench telemetry read it. clock_timestamp(), not now(): now() is the transaction's start for every row.
alter table telemetry_points add column ingested_at timestamptz not null default clock_timestamp();
