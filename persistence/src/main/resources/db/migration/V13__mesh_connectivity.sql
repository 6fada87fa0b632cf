-- The last observation of which members of a mesh reach which (listConnectivity), as the service's JSON, replaced whole
-- at each observation. Apart from the profile's row so that observing never changes the profile's ETag.
create table mesh_connectivity (
    profile_id   uuid primary key references cluster_mesh_profiles (id) on delete cascade,
    observation  text not null,
    observed_at  timestamptz not null
);
