/** The mesh PKI: its certificate authority, issued certificates, PEM and the key encryption at rest. */
@NullMarked
package org.fleetmesh.rp.mesh.pki;

import org.jspecify.annotations.NullMarked;
