-- A member claims its AKS cluster (a cluster can be a member of one fleet only) unless its join found the cluster
-- missing or not readable by the service: such a member stays, Failed, as Azure's own service keeps it, but holds no
-- claim, so nobody can squat on a cluster they cannot read and lock its owner out.
alter table fleet_members add column claims_cluster boolean not null default true;
alter table fleet_members drop constraint fleet_members_cluster_resource_key_key;
create unique index fleet_members_cluster_claim on fleet_members (cluster_resource_key) where claims_cluster;
