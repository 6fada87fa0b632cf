-- Digests of what the last successful apply left on the member (its clustermesh-apiserver, its peer list): a later
-- apply that would push the same leaves a Connected member alone instead of reading it all back.
alter table fleet_members add column mesh_applied_digest text;
