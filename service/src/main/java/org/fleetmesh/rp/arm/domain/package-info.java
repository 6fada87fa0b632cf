/** ARM rules without Spring, JPA or HTTP: resource ids, ETags, locations, tags, preconditions, text. */
@NullMarked
package org.fleetmesh.rp.arm.domain;

import org.jspecify.annotations.NullMarked;
