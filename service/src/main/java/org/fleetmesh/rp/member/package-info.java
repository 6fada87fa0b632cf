/** Fleet members: AKS clusters joined to a fleet, their labels and filters. */
@NullMarked
package org.fleetmesh.rp.member;

import org.jspecify.annotations.NullMarked;
