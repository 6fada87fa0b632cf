-- The managed identity a fleet was written with. Only "None" can be honoured (the service cannot have Entra ID
-- issue one), but a fleet written with it answers with it, as Azure's service does; null: none was sent.
alter table fleets add column identity_type varchar(32);
