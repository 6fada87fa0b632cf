/** Member rules without Spring: labels, label selectors, $filter parsing. */
@NullMarked
package org.fleetmesh.rp.member.domain;

import org.jspecify.annotations.NullMarked;
