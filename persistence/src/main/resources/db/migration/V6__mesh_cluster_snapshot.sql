-- The member's AKS cluster as the last apply read it (JSON): the checks ran on it, and the apply's later steps reach
-- the cluster through it instead of reading Azure again.
alter table fleet_members add column mesh_cluster_snapshot text;
