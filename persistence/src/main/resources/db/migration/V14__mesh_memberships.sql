-- A member's place in a mesh gets a table of its own: a row exists exactly while the member is in a mesh, so the
-- mesh columns no longer sit null on every member outside one, and "state set iff in a mesh" holds by construction.
-- The applied digest, until now one "<apiserver> <peers>" string, becomes two columns.
create table mesh_memberships (
    member_id                 uuid primary key references fleet_members (id) on delete cascade,
    -- A profile's deletion ends its memberships, as it set fleet_members.mesh_profile_id to null before.
    profile_id                uuid not null references cluster_mesh_profiles (id) on delete cascade,
    state                     text not null check (state in ('Connecting', 'Connected', 'Disconnecting', 'Failed')),
    cilium_cluster_id         integer not null check (cilium_cluster_id between 1 and 255),
    cilium_cluster_name       text not null check (char_length(cilium_cluster_name) <= 32),
    last_operation_id         text,
    error                     text,
    last_updated_at           timestamptz,
    apiserver_addresses       text,
    cluster_snapshot          text,
    applied_apiserver_digest  text,
    applied_peers_digest      text,
    cilium_version            text,
    certificates_not_after    timestamptz,
    constraint mesh_memberships_cilium_id_unique unique (profile_id, cilium_cluster_id),
    constraint mesh_memberships_cilium_name_unique unique (profile_id, cilium_cluster_name),
    constraint mesh_memberships_applied_digest_complete check (
        (applied_apiserver_digest is null) = (applied_peers_digest is null))
);

insert into mesh_memberships (member_id, profile_id, state, cilium_cluster_id, cilium_cluster_name, last_operation_id,
        error, last_updated_at, apiserver_addresses, cluster_snapshot, applied_apiserver_digest, applied_peers_digest,
        cilium_version, certificates_not_after)
    select id, mesh_profile_id, mesh_state, cilium_cluster_id, cilium_cluster_name, mesh_last_operation_id, mesh_error,
           mesh_last_updated_at, mesh_apiserver_addresses, mesh_cluster_snapshot,
           case when mesh_applied_digest like '% %' then split_part(mesh_applied_digest, ' ', 1) end,
           case when mesh_applied_digest like '% %' then split_part(mesh_applied_digest, ' ', 2) end,
           cilium_version, mesh_certificates_not_after
    from fleet_members
    where mesh_profile_id is not null;

alter table fleet_members
    drop constraint fleet_members_cilium_id_unique,
    drop constraint fleet_members_cilium_name_unique,
    drop constraint fleet_members_mesh_identity_complete,
    drop column mesh_profile_id,
    drop column mesh_state,
    drop column cilium_cluster_id,
    drop column cilium_cluster_name,
    drop column mesh_last_operation_id,
    drop column mesh_error,
    drop column mesh_last_updated_at,
    drop column mesh_apiserver_addresses,
    drop column mesh_cluster_snapshot,
    drop column mesh_applied_digest,
    drop column cilium_version,
    drop column mesh_certificates_not_after;
