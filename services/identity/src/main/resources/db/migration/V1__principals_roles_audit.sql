-- Who may do what. Names follow the API's rule; the database enforces it too, as a last line.
create table roles (
    name       text primary key check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    grants     text[] not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table principals (
    name        text primary key check (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    secret_hash text not null,
    created_at  timestamptz not null default now(),
    created_by  text not null
);

-- A role that some principal holds cannot be deleted (restrict); a principal's memberships go with it.
create table principal_roles (
    principal text not null references principals (name) on delete cascade,
    role      text not null references roles (name) on delete restrict,
    primary key (principal, role)
);

create index principal_roles_by_role on principal_roles (role);

-- Every identity change, in order. Rows are only ever added: the triggers below refuse the rest.
create table audit (
    seq     bigserial primary key,
    at      timestamptz not null default now(),
    actor   text not null,
    action  text not null,
    subject text not null,
    detail  jsonb not null default '{}'::jsonb
);

create function audit_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_refuses_update_and_delete
    before update or delete on audit
    for each row execute function audit_is_append_only();

create trigger audit_refuses_truncate
    before truncate on audit
    for each statement execute function audit_is_append_only();
