/** ARM's subscription lifecycle and what it allows. */
@NullMarked
package org.fleetmesh.rp.subscription;

import org.jspecify.annotations.NullMarked;
