-- The Cilium version the last apply read from the member's agents: what it deploys to the member follows that version's
-- official chart. Null until an apply has read it.
alter table fleet_members add column cilium_version text;
