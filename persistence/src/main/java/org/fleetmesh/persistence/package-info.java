/** What every resource row shares, and names as ARM compares them (case-insensitively). */
@NullMarked
package org.fleetmesh.persistence;

import org.jspecify.annotations.NullMarked;
