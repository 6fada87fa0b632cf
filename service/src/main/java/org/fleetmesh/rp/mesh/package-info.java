/** Cluster mesh profiles: what-if, apply and the members' mesh state. */
@NullMarked
package org.fleetmesh.rp.mesh;

import org.jspecify.annotations.NullMarked;
