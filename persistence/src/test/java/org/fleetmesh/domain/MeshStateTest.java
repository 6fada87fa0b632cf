package org.fleetmesh.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshStateTest {

    @Test
    void anApplyEndsByItsMembers() {
        assertThat(MeshState.after(List.of())).isEqualTo(MeshState.NotConnected);
        assertThat(MeshState.after(List.of(MeshMemberState.Connected, MeshMemberState.Connected))).isEqualTo(MeshState.Connected);
        assertThat(MeshState.after(List.of(MeshMemberState.Connected, MeshMemberState.Failed))).isEqualTo(MeshState.Degraded);
        assertThat(MeshState.after(List.of(MeshMemberState.Failed, MeshMemberState.Failed))).isEqualTo(MeshState.Failed);
    }
}
