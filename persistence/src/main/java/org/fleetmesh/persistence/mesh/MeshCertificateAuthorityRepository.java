package org.fleetmesh.persistence.mesh;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MeshCertificateAuthorityRepository extends JpaRepository<MeshCertificateAuthorityEntity, UUID> {
}
