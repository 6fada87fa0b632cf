/**
 * The states the service stores and shows, shared by the entities (which store them by name) and the service's domain
 * core (which decides them): plain Java, so both sides can see them without either depending on the other.
 */
@NullMarked
package org.fleetmesh.domain;

import org.jspecify.annotations.NullMarked;
