-- A mesh CA rollover in progress: the next CA, issued beside the current one, and the phase the mesh has reached.
-- TrustBoth: members trust both CAs, their certificates still come from the current one. NewLeaves: their
-- certificates come from the next CA. When every member holds them, the next CA replaces the current one and these
-- columns are emptied. rollover_phase_held_at: since when every member has held the phase, which moves on only once
-- the members' kubelets have had time to write the Secrets into their pods.
alter table mesh_certificate_authorities
    add column next_certificate text,
    add column next_private_key bytea,
    add column next_not_before  timestamptz,
    add column next_not_after   timestamptz,
    add column rollover_phase   text check (rollover_phase in ('TrustBoth', 'NewLeaves')),
    add column rollover_phase_held_at timestamptz,
    add constraint mesh_certificate_authorities_rollover_complete check (
        (rollover_phase is null) = (next_certificate is null)
        and (next_certificate is null) = (next_private_key is null)
        and (next_certificate is null) = (next_not_after is null)
        and (next_certificate is null) = (next_not_before is null));
