-- Asynchronous operations as ARM clients poll them through Azure-AsyncOperation and Location.
create table operations (
    id                 uuid primary key,
    subscription_id    text not null,
    location           text not null,
    resource_id        text not null,
    kind               text not null,
    status             text not null check (status in ('Accepted', 'Running', 'Succeeded', 'Failed', 'Canceled')),
    percent_complete   double precision not null default 0,
    start_time         timestamptz not null,
    end_time           timestamptz,
    error              text,
    -- What polling the Location URL returns once the operation is over: 200 with the resource, or 204.
    result_status      integer
);

create index operations_resource on operations (resource_id);
