/** Operation rules without Spring: retry backoff. */
@NullMarked
package org.fleetmesh.rp.operation.domain;

import org.jspecify.annotations.NullMarked;
