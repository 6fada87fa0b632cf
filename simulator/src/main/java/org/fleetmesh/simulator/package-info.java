/** Simulated Azure: an ARM endpoint over HTTPS and one Kubernetes API server per simulated AKS cluster. */
package org.fleetmesh.simulator;
