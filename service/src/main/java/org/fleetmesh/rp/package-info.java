/** The fleetmesh resource provider: the Spring Boot application and its wiring. */
@NullMarked
package org.fleetmesh.rp;

import org.jspecify.annotations.NullMarked;
