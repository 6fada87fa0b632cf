package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApplyStepTest {

    @Test
    void theStepsKeepTheNamesAndOrderThatAppliesInFlightHaveRecordedAsCheckpoints() {
        assertThat(Stream.of(ApplyStep.values()).map(ApplyStep::name)).containsExactly("membershipPlanned",
                "prerequisitesChecked", "certificatesIssued", "apiServersExposed", "peersConfigured", "agentsRestarted",
                "departedMembersDisconnected", "meshVerified", "rolledOverCertificatesDelivered", "previousAuthorityRetired");
    }
}
