/** The adapter to member clusters' Kubernetes APIs through fabric8. */
@NullMarked
package org.fleetmesh.rp.kubernetes;

import org.jspecify.annotations.NullMarked;
