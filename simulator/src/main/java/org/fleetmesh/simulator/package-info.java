/** Simulated Azure: an ARM endpoint over HTTPS and one Kubernetes API server per simulated AKS cluster. */
@NullMarked
package org.fleetmesh.simulator;

import org.jspecify.annotations.NullMarked;
