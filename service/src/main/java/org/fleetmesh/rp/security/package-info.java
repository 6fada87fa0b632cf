/** Who may call: bearer tokens checked per trusted issuer, and the local profile's own token issuer. */
@NullMarked
package org.fleetmesh.rp.security;

import org.jspecify.annotations.NullMarked;
