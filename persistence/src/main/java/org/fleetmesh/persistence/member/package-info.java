/** Members and their place in a mesh (MeshMembership): the rows and their queries. */
@NullMarked
package org.fleetmesh.persistence.member;

import org.jspecify.annotations.NullMarked;
