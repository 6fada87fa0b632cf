-- Cluster mesh state: where each member's clustermesh-apiserver answers, and the mesh PKI. Private keys are
-- stored encrypted by the service (AES-GCM under a key-encryption key the database never sees).
alter table fleet_members add column mesh_apiserver_addresses text;

create table mesh_certificate_authorities (
    profile_id    uuid primary key references cluster_mesh_profiles (id) on delete cascade,
    certificate   text not null,
    private_key   bytea not null,
    created_at    timestamptz not null
);

create table mesh_member_certificates (
    member_id     uuid not null references fleet_members (id) on delete cascade,
    kind          text not null check (kind in ('SERVER', 'ADMIN', 'REMOTE', 'LOCAL')),
    profile_id    uuid not null references cluster_mesh_profiles (id) on delete cascade,
    certificate   text not null,
    private_key   bytea not null,
    primary key (member_id, kind)
);

create index mesh_member_certificates_profile on mesh_member_certificates (profile_id);
