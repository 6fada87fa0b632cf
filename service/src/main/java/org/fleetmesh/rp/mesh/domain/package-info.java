/** What a mesh puts on each member, without Spring: Cilium identities, plans, objects. */
@NullMarked
package org.fleetmesh.rp.mesh.domain;

import org.jspecify.annotations.NullMarked;
