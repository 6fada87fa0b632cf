-- Every lookup of operations by resource compares lower-cased ids; the plain index from V2 served none of them.
drop index operations_resource;
create index operations_resource_key on operations (lower(resource_id));
