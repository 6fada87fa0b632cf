/** The ARM front door: calls, errors, paging, conditional writes and the edge filters every request passes. */
@NullMarked
package org.fleetmesh.rp.arm;

import org.jspecify.annotations.NullMarked;
