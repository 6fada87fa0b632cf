/** Long-running operations: the rows the runner claims, checkpoints and finishes. */
@NullMarked
package org.fleetmesh.persistence.operation;

import org.jspecify.annotations.NullMarked;
