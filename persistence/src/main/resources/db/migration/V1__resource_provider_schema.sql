-- Resource provider state. Names are matched case-insensitively (ARM rule), so every
-- name has a *_key column holding its lower-case form; the display column keeps the
-- caller's latest casing.

create table subscriptions (
    id                text primary key,
    state             text not null check (state in ('Registered', 'Unregistered', 'Warned', 'Suspended', 'Deleted')),
    tenant_id         text,
    registration_date text,
    updated_at        timestamptz not null
);

create table fleets (
    id                       uuid primary key,
    subscription_id          text not null,
    resource_group           text not null,
    resource_group_key       text not null,
    name                     text not null,
    name_key                 text not null,
    location                 text not null,
    provisioning_state       text not null,
    last_operation_id        text,
    last_operation_error     text,
    version                  bigint not null,
    created_by               text,
    created_by_type          text,
    created_at               timestamptz,
    last_modified_by         text,
    last_modified_by_type    text,
    last_modified_at         timestamptz,
    constraint fleets_name_unique unique (subscription_id, resource_group_key, name_key)
);

create table fleet_tags (
    fleet_id  uuid not null references fleets (id) on delete cascade,
    tag_key   text not null,
    tag_value text not null,
    primary key (fleet_id, tag_key)
);

create table cluster_mesh_profiles (
    id                              uuid primary key,
    fleet_id                        uuid not null references fleets (id) on delete cascade,
    name                            text not null,
    name_key                        text not null,
    member_selector                 text not null,
    provisioning_state              text not null,
    state                           text not null check (state in ('NotConnected', 'Applying', 'Connected', 'Degraded', 'Failed')),
    last_applied_member_selector    text,
    last_operation_id               text,
    last_operation_error            text,
    version                         bigint not null,
    created_by                      text,
    created_by_type                 text,
    created_at                      timestamptz,
    last_modified_by                text,
    last_modified_by_type           text,
    last_modified_at                timestamptz,
    constraint cluster_mesh_profiles_name_unique unique (fleet_id, name_key)
);

create table fleet_members (
    id                       uuid primary key,
    fleet_id                 uuid not null references fleets (id) on delete cascade,
    name                     text not null,
    name_key                 text not null,
    cluster_resource_id      text not null,
    -- An AKS cluster can be a member of one fleet only, whatever the casing of its id.
    cluster_resource_key     text not null unique,
    member_group             text,
    provisioning_state       text not null,
    last_operation_id        text,
    last_operation_error     text,
    -- One column for the mesh makes "a member is in at most one mesh" true by construction.
    mesh_profile_id          uuid references cluster_mesh_profiles (id) on delete set null,
    mesh_state               text check (mesh_state in ('Connecting', 'Connected', 'Disconnecting', 'Failed')),
    cilium_cluster_id        integer check (cilium_cluster_id between 1 and 255),
    cilium_cluster_name      text check (char_length(cilium_cluster_name) <= 32),
    mesh_last_operation_id   text,
    mesh_error               text,
    mesh_last_updated_at     timestamptz,
    version                  bigint not null,
    created_by               text,
    created_by_type          text,
    created_at               timestamptz,
    last_modified_by         text,
    last_modified_by_type    text,
    last_modified_at         timestamptz,
    constraint fleet_members_name_unique unique (fleet_id, name_key),
    constraint fleet_members_cilium_id_unique unique (mesh_profile_id, cilium_cluster_id),
    constraint fleet_members_cilium_name_unique unique (mesh_profile_id, cilium_cluster_name),
    constraint fleet_members_mesh_identity_complete check (
        (mesh_profile_id is null) = (mesh_state is null))
);

create index fleet_members_mesh_profile on fleet_members (mesh_profile_id);

create table fleet_member_labels (
    member_id   uuid not null references fleet_members (id) on delete cascade,
    label_key   text not null,
    label_value text not null,
    primary key (member_id, label_key)
);

create index fleet_member_labels_key_value on fleet_member_labels (label_key, label_value);
