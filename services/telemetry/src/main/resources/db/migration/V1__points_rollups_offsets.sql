-- Points, partitioned by day on their time so that retention drops whole tables instead of deleting rows.
-- A point is identified by (producer, seq); ts is part of the key only because a unique key on a partitioned
-- table must include the partition key. A replayed point carries the same ts, so it still collides.
create table telemetry_points (
    producer text             not null,
    seq      bigint           not null,
    ts       timestamptz      not null,
    lc       integer          not null,
    source   text             not null,
    metric   text             not null,
    value    double precision not null,
    labels   jsonb            not null default '{}'::jsonb,
    constraint telemetry_points_identity unique (producer, seq, ts)
) partition by range (ts);

create index telemetry_points_by_series on telemetry_points (source, metric, ts);

-- Catches points whose day has no partition yet (the maintenance job was not running, say); the next
-- telemetry_ensure_partitions call moves them into their day's partition.
create table telemetry_points_default partition of telemetry_points default;

-- Creates the daily partitions (UTC days) from first_day to last_day that do not exist yet; answers how many it
-- created. Rows of such a day already in the default partition move into the new partition (attaching would fail
-- otherwise). The default partition is locked for the call, so no insert slips into it between move and attach.
create function telemetry_ensure_partitions(first_day date, last_day date) returns integer
    language plpgsql as $$
declare
    day     date;
    name    text;
    low     timestamptz;
    high    timestamptz;
    created integer := 0;
begin
    lock table telemetry_points_default in access exclusive mode;
    for day in select d::date from generate_series(first_day, last_day, interval '1 day') d loop
        name := 'telemetry_points_p' || to_char(day, 'YYYYMMDD');
        continue when to_regclass(name) is not null;
        low := day::timestamp at time zone 'UTC';
        high := (day + 1)::timestamp at time zone 'UTC';
        -- Built apart and attached (not CREATE ... PARTITION OF): attaching locks the parent less, so ingest goes on.
        execute format('create table %I (like telemetry_points including defaults)', name);
        execute format('with moved as (delete from telemetry_points_default where ts >= %L and ts < %L returning *) '
                       || 'insert into %I select * from moved', low, high, name);
        execute format('alter table telemetry_points attach partition %I for values from (%L) to (%L)', name, low, high);
        created := created + 1;
    end loop;
    return created;
end;
$$;

-- Drops the daily partitions of days before cutoff_day (every row in them is older than cutoff_day); answers how
-- many. The parent is locked first, so that the drop and a concurrent reader always lock in the same order.
create function telemetry_drop_partitions_before(cutoff_day date) returns integer
    language plpgsql as $$
declare
    part    text;
    dropped integer := 0;
begin
    for part in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'telemetry_points'::regclass
          and c.relname ~ '^telemetry_points_p[0-9]{8}$'
          and to_date(substring(c.relname from 19), 'YYYYMMDD') < cutoff_day
        order by c.relname
    loop
        if dropped = 0 then
            lock table telemetry_points in access exclusive mode;
        end if;
        -- if exists: another instance's job may have dropped it while this one waited for the lock
        execute format('drop table if exists %I', part);
        dropped := dropped + 1;
    end loop;
    return dropped;
end;
$$;

select telemetry_ensure_partitions((now() at time zone 'UTC')::date - 1, (now() at time zone 'UTC')::date + 3);

-- Aggregates per second and per minute, maintained in the same statement that inserts the points, from only the
-- rows that statement actually inserted: a replayed point adds nothing.
create table telemetry_rollup_1s (
    source text             not null,
    metric text             not null,
    bucket timestamptz      not null,
    count  bigint           not null,
    sum    double precision not null,
    min    double precision not null,
    max    double precision not null,
    primary key (source, metric, bucket)
);

create table telemetry_rollup_1m (like telemetry_rollup_1s including all);

-- Retention deletes by bucket; rows arrive in roughly time order, which is what a BRIN index needs, and it
-- costs ingest next to nothing.
create index telemetry_rollup_1s_by_bucket on telemetry_rollup_1s using brin (bucket);
create index telemetry_rollup_1m_by_bucket on telemetry_rollup_1m using brin (bucket);

-- The next Kafka offset to read per partition, written in the transaction that stores the points read before it:
-- the database, not Kafka's committed offsets, says where ingest resumes.
create table telemetry_offsets (
    topic       text        not null,
    partition   integer     not null,
    next_offset bigint      not null,
    updated_at  timestamptz not null default now(),
    primary key (topic, partition)
);
