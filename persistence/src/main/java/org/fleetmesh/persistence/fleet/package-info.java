/** Fleets: the rows and their queries. */
@NullMarked
package org.fleetmesh.persistence.fleet;

import org.jspecify.annotations.NullMarked;
