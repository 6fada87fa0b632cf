/** What every feature's settings share: checking their values at start-up. */
@NullMarked
package org.fleetmesh.rp.settings;

import org.jspecify.annotations.NullMarked;
