/** The api-versions' committed Swagger documents, and the request and response checks read from them. */
@NullMarked
package org.fleetmesh.rp.arm.contract;

import org.jspecify.annotations.NullMarked;
