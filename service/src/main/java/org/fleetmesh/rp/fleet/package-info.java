/** Fleets: hubless containers of member clusters. */
@NullMarked
package org.fleetmesh.rp.fleet;

import org.jspecify.annotations.NullMarked;
