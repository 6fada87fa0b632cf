package org.fleetmesh.rp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Test tiers by suffix (issue 18): a {@code *Test} is fast, needs no database and starts no process, and runs in
 * {@code mvn test} (surefire); a {@code *IT} uses PostgreSQL or starts processes, and runs after package (failsafe).
 * Held on the test classes' bytecode: a {@code *Test}, or a class nested in one, is no Spring Boot test, does not
 * extend the contract suite's or the worker tests' support, does not start the service, and reaches neither the
 * database nor the service's processes. Rendering the Helm chart with the helm binary is allowed: it is a tool run
 * of a second, with no state. Types are named here, not referred to, so that this class breaks no rule itself.
 */
class TestTiersTest {

    /** What a test that needs PostgreSQL, the whole service or a process of the service depends on. */
    private static final DescribedPredicate<JavaClass> NEEDS_DATABASE_OR_PROCESS = JavaClass.Predicates
            .resideInAnyPackage("org.postgresql..", "org.flywaydb..", "javax.sql..", "org.springframework.jdbc..")
            .or(HasName.Predicates.nameMatching("java\\.sql\\.(Connection|DriverManager)"))
            .or(HasName.Predicates.nameMatching("org\\.springframework\\.boot\\.(SpringApplication|builder\\.SpringApplicationBuilder)"))
            .or(HasName.Predicates.nameMatching("org\\.fleetmesh\\.rp\\.FleetMeshApplication"))
            .or(HasName.Predicates.nameMatching("org\\.fleetmesh\\.rp\\.(testing\\.(ContractTestSupport|PackagedService|ArmSession"
                    + "|NetnsPods)|operation\\.testing\\.(OperationTestDatabase|WorkerProcess)|operation\\."
                    + "WorkerProcessTestSupport)(\\$.*)?"))
            .as("need PostgreSQL, start the service or start one of its processes");

    private static JavaClasses testClasses;

    @BeforeAll
    static void importTestClasses() {
        testClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("org.fleetmesh.rp");
    }

    @Test
    void aTestNeedsNoDatabaseAndStartsNoProcess() {
        fastTier("Test").check(testClasses);
    }

    @Test
    void everyClassWithTestsIsNamedForItsTier() {
        List<String> unnamed = testClasses.stream()
                .filter(type -> type.getMethods().stream()
                        .anyMatch(method -> method.isMetaAnnotatedWith("org.junit.platform.commons.annotation.Testable")))
                .map(type -> topLevel(type).getName())
                .distinct()
                .filter(name -> !name.endsWith("Test") && !name.endsWith("IT"))
                .toList();
        assertThat(unnamed).as("classes with tests that neither surefire (*Test) nor failsafe (*IT) runs").isEmpty();
    }

    /** Each way an IT needs the database or a process breaks the rule, were the IT named for the fast tier. */
    @Test
    void theRuleCatchesEachKindOfIt() {
        for (String it : List.of(
                "org.fleetmesh.rp.contract.FleetContractIT", // the contract suite's @SpringBootTest
                "org.fleetmesh.rp.mesh.ClusterMeshApplyIT", // the same, moved to the mesh feature
                "org.fleetmesh.rp.mesh.CertificateValidityMigrationIT", // PostgreSQL through JDBC and Flyway
                "org.fleetmesh.rp.mesh.PrivateKeyReEncryptionIT", // the whole service in the test's JVM
                "org.fleetmesh.rp.operation.OperationWorkerCrashIT", // worker JVMs
                "org.fleetmesh.rp.mesh.MeshApplyCrashIT", // the packaged service
                "org.fleetmesh.rp.mesh.RealCiliumMeshIT")) { // network namespaces
            JavaClasses one = testClasses.that(HasName.Predicates.name(it));
            assertThat(one).as(it).hasSize(1);
            assertThatThrownBy(() -> fastTier("IT").check(one)).as(it).isInstanceOf(AssertionError.class);
        }
    }

    /** The fast tier's rule for the classes whose top-level class's name ends with {@code suffix}. */
    private static ArchRule fastTier(String suffix) {
        DescribedPredicate<JavaClass> inTier = DescribedPredicate.describe("are *" + suffix + " classes or nested in one",
                type -> topLevel(type).getSimpleName().endsWith(suffix));
        return noClasses().that(inTier)
                .should().beMetaAnnotatedWith("org.springframework.boot.test.context.SpringBootTest")
                .orShould().dependOnClassesThat(NEEDS_DATABASE_OR_PROCESS)
                .because("*Test is the fast tier (surefire, `mvn test`): a test that needs PostgreSQL or a process is an "
                        + "*IT (failsafe)")
                .allowEmptyShould(true);
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
