package org.fleetmesh.rp.member.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fleetmesh.rp.member.domain.MemberFilter.And;
import org.fleetmesh.rp.member.domain.MemberFilter.Comparison;
import org.fleetmesh.rp.member.domain.MemberFilter.Field;
import org.fleetmesh.rp.member.domain.MemberFilter.Or;
import org.junit.jupiter.api.Test;

class MemberFilterParserTest {

    @Test
    void parsesAComparisonOnGroup() {
        assertThat(MemberFilterParser.parse("properties/group eq 'blue'"))
                .isEqualTo(new Comparison(Field.GROUP, null, true, "blue"));
    }

    @Test
    void labelKeysMayContainSlashesAndDots() {
        assertThat(MemberFilterParser.parse("properties/labels/fleet.azure.com/member-name ne 'm1'"))
                .isEqualTo(new Comparison(Field.LABEL, "fleet.azure.com/member-name", false, "m1"));
    }

    @Test
    void andBindsTighterThanOr() {
        MemberFilter filter = MemberFilterParser.parse(
                "properties/group eq 'a' or properties/group eq 'b' and properties/labels/env eq 'prod'");
        assertThat(filter).isInstanceOf(Or.class);
        assertThat(((Or) filter).right()).isInstanceOf(And.class);
    }

    @Test
    void parenthesesOverridePrecedence() {
        MemberFilter filter = MemberFilterParser.parse(
                "(properties/group eq 'a' or properties/group eq 'b') and properties/labels/env eq 'prod'");
        assertThat(filter).isInstanceOf(And.class);
        assertThat(((And) filter).left()).isInstanceOf(Or.class);
    }

    @Test
    void keywordsAreCaseInsensitiveAndQuotesEscapeByDoubling() {
        assertThat(MemberFilterParser.parse("properties/labels/team EQ 'o''brien'"))
                .isEqualTo(new Comparison(Field.LABEL, "team", true, "o'brien"));
    }

    @Test
    void nullComparesWithAbsence() {
        assertThat(MemberFilterParser.parse("properties/meshProperties/status/state eq null"))
                .isEqualTo(new Comparison(Field.MESH_STATE, null, true, null));
    }

    @Test
    void meshStatesAreCheckedAndTakeTheirCanonicalCasing() {
        assertThat(MemberFilterParser.parse("properties/meshProperties/status/state eq 'connected'"))
                .isEqualTo(new Comparison(Field.MESH_STATE, null, true, "Connected"));
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/meshProperties/status/state eq 'bogus'"))
                .hasMessageContaining("Connecting, Connected, Disconnecting, Failed");
    }

    @Test
    void meshFieldsAreRecognised() {
        assertThat(MemberFilterParser.parse("properties/meshProperties/clusterMeshProfileResourceId eq 'x'").usesMeshFields())
                .isTrue();
        assertThat(MemberFilterParser.parse("properties/group eq 'x'").usesMeshFields()).isFalse();
    }

    @Test
    void theProfileFormsAzureCliSendsTakeABareProfileName() {
        assertThat(MemberFilterParser.parse("clusterMeshProfile eq cmp-000005")).isEqualTo(new MemberFilter.Comparison(
                MemberFilter.Field.CLUSTER_MESH_PROFILE, null, true, "cmp-000005"));
        assertThat(MemberFilterParser.parse("clusterMeshProfile.Selector eq cmp-000005")).isEqualTo(new MemberFilter.Comparison(
                MemberFilter.Field.CLUSTER_MESH_PROFILE_SELECTOR, null, true, "cmp-000005"));
        assertThat(MemberFilterParser.parse("clustermeshprofile.selector eq 'blue'").usesMeshFields()).isTrue();
        assertThatThrownBy(() -> MemberFilterParser.parse("clusterMeshProfile.Selector eq null"))
                .hasMessageContaining("profile's name");
        assertThatThrownBy(() -> MemberFilterParser.parse("clusterMeshProfile eq not_a_name")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group eq blue")).hasMessageContaining("quoted");
    }

    @Test
    void unsupportedPropertiesAreRefusedNamingWhatIsSupported() {
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/clusterResourceId eq 'x'"))
                .hasMessageContaining("properties/group").hasMessageContaining("properties/labels/<key>");
    }

    @Test
    void unsupportedOperatorsAndMalformedTextAreRefused() {
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group gt 'a'")).hasMessageContaining("eq");
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group eq 'a")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> MemberFilterParser.parse("(properties/group eq 'a'")).hasMessageContaining("ends");
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group eq blue")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group eq 'a' 'b'")).hasMessageContaining("Unexpected");
        assertThatThrownBy(() -> MemberFilterParser.parse("  ")).hasMessageContaining("empty");
    }

    @Test
    void parenthesesNestUpToTheLimitAndNoDeeper() {
        String comparison = "properties/group eq 'a'";
        int limit = MemberFilterParser.MAX_DEPTH;
        assertThat(MemberFilterParser.parse("(".repeat(limit) + comparison + ")".repeat(limit)))
                .isEqualTo(new Comparison(Field.GROUP, null, true, "a"));
        assertThatThrownBy(() -> MemberFilterParser.parse("(".repeat(limit + 1) + comparison + ")".repeat(limit + 1)))
                .isInstanceOf(MemberFilterParser.InvalidFilterException.class).hasMessageContaining("nests");
        assertThatThrownBy(() -> MemberFilterParser.parse("(".repeat(100_000) + comparison + ")".repeat(100_000)))
                .isInstanceOf(MemberFilterParser.InvalidFilterException.class);
    }

    @Test
    void aFilterHasAtMostTheLimitOfComparisons() {
        String atLimit = String.join(" or ", java.util.Collections.nCopies(MemberFilterParser.MAX_COMPARISONS,
                "properties/group eq 'a'"));
        assertThat(MemberFilterParser.parse(atLimit)).isInstanceOf(Or.class);
        assertThatThrownBy(() -> MemberFilterParser.parse(atLimit + " and properties/group ne 'b'"))
                .isInstanceOf(MemberFilterParser.InvalidFilterException.class).hasMessageContaining("comparisons");
    }

    @Test
    void textTheDatabaseCannotHoldIsRefused() {
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group eq 'a\u0000'"))
                .isInstanceOf(MemberFilterParser.InvalidFilterException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> MemberFilterParser.parse("properties/group eq '\ud800'"))
                .isInstanceOf(MemberFilterParser.InvalidFilterException.class).hasMessageContaining("surrogate");
    }
}
