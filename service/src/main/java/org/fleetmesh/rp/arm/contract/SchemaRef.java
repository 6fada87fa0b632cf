package org.fleetmesh.rp.arm.contract;

import tools.jackson.databind.JsonNode;

/** A schema node together with the classpath document it sits in, which relative {@code $ref}s resolve against. */
record SchemaRef(JsonNode node, String document) {
}
