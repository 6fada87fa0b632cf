/** Subscriptions as ARM's lifecycle notifications last left them. */
@NullMarked
package org.fleetmesh.persistence.subscription;

import org.jspecify.annotations.NullMarked;
