/** Cluster mesh profiles and the mesh's stored state: PKI, connectivity observations. */
@NullMarked
package org.fleetmesh.persistence.mesh;

import org.jspecify.annotations.NullMarked;
