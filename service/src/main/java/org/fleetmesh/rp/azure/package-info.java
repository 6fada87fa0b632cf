/** The adapter to Azure Resource Manager through the Azure SDK: AKS clusters, virtual networks, credentials. */
@NullMarked
package org.fleetmesh.rp.azure;

import org.jspecify.annotations.NullMarked;
