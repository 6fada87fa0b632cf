/** Durable long-running operations: accepted with a write, run by any replica, watched through ARM's monitors. */
@NullMarked
package org.fleetmesh.rp.operation;

import org.jspecify.annotations.NullMarked;
