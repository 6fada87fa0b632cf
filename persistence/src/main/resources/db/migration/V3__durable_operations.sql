-- Operations become durable, checkpointed work executed by db-scheduler on any replica.
alter table operations add column correlation_id text;
alter table operations add column checkpoint integer not null default 0;
alter table operations add column current_step text;
alter table operations add column attempts integer not null default 0;
alter table operations add column deadline timestamptz;
alter table operations add column version bigint not null default 0;

-- One running operation per resource: the second concurrent write is refused, not queued.
create unique index operations_one_active_per_resource on operations (lower(resource_id))
    where status in ('Accepted', 'Running');
create index operations_active on operations (start_time) where status in ('Accepted', 'Running');

-- db-scheduler's table (PostgreSQL layout of db-scheduler 16); picked/last_heartbeat form the lease.
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);

create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);

-- The row of the resource an operation works on (its ARM id can be re-used by a later resource of the same name).
alter table operations add column target_id uuid;
