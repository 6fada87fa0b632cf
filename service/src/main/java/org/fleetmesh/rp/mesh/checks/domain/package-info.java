/** The prerequisite checks a cluster mesh needs, without Spring. */
@NullMarked
package org.fleetmesh.rp.mesh.checks.domain;

import org.jspecify.annotations.NullMarked;
