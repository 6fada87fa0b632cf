package org.fleetmesh.rp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.jspecify.annotations.NullMarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

/** The build enforces the architecture: a pure domain core, and features that do not tangle. */
class ArchitectureTest {

    /** The service's adapters to Azure (the Azure SDK) and to member clusters (fabric8), and those libraries. */
    private static final String[] ADAPTERS = {"org.fleetmesh.rp.azure..", "org.fleetmesh.rp.kubernetes..", "com.azure..",
        "io.fabric8.."};
    /** The wire models and API interfaces the api-spec module generates from the OpenAPI document. */
    private static final String WIRE_MODELS = "org.fleetmesh.rp.api..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fleetmesh.rp");
    }

    @Test
    void domainCoreDependsOnTheJavaPlatformAndOtherDomainCodeOnly() {
        classes().that().resideInAPackage("..domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..domain..", "org.jspecify.annotations..")
                .because("the domain core is tested in milliseconds, without Spring, JPA or HTTP")
                .check(classes);
    }

    @Test
    void featuresDoNotFormCycles() {
        slices().matching("org.fleetmesh.rp.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheWebEdgeSeesServletTypes() {
        noClasses().that().resideInAnyPackage("..fleet..", "..member..", "..mesh..", "..operation..")
                .and().haveSimpleNameNotEndingWith("Controller")
                .should().dependOnClassesThat().resideInAPackage("jakarta.servlet..")
                .check(classes);
    }

    /**
     * The front door answers a request: the controllers, the services they call ({@code @Service}) and the ARM
     * edge ({@code arm}: filters, contract checks, errors). It reaches Azure and member clusters only through the
     * ports the features declare (AksClusters, VirtualNetworks, MemberClusters), never through an adapter itself.
     * By name too, so that a {@code *Service} or {@code *Controller} registered otherwise than by its annotation is
     * held all the same.
     */
    @Test
    void theFrontDoorDoesNotCallTheAzureOrKubernetesAdapters() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Service.class)
                .or().haveSimpleNameEndingWith("Controller").or().haveSimpleNameEndingWith("Service")
                .or().resideInAPackage("org.fleetmesh.rp.arm..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .because("Azure and the member clusters are reached through the features' ports, which tests fake")
                .check(classes);
    }

    @Test
    void onlyTheAdaptersUseTheAzureSdkAndFabric8() {
        noClasses().that().resideOutsideOfPackages("org.fleetmesh.rp.azure..", "org.fleetmesh.rp.kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .because("Spring plugs the adapters into the features' ports; nothing names them")
                .check(classes);
    }

    @Test
    void wireModelsStayInControllersAndModelConverters() {
        noClasses().that().resideOutsideOfPackage(WIRE_MODELS)
                .and().haveSimpleNameNotEndingWith("Controller").and().haveSimpleNameNotEndingWith("Models")
                .should().dependOnClassesThat().resideInAPackage(WIRE_MODELS)
                .because("services and operations work on entities and domain types; only the web edge speaks the wire format")
                .check(classes);
    }

    @Test
    void controllersSeeWireModelsNotEntities() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().resideInAPackage("org.fleetmesh.persistence..")
                .because("entities stay behind the services; the *Models converters turn them into wire models and answers")
                .check(classes);
    }

    /**
     * Every package says that what it does not mark {@code @Nullable} is never null. {@code security} is still to
     * follow: another change is rewriting its token validation.
     */
    @Test
    void everyPackageIsNullMarked() {
        List<String> unmarked = classes.stream().map(JavaClass::getPackageName).distinct()
                .filter(name -> !name.startsWith("org.fleetmesh.rp.api") && !name.startsWith("org.fleetmesh.rp.security"))
                .filter(name -> !classes.getPackage(name).isAnnotatedWith(NullMarked.class))
                .sorted().toList();
        assertThat(unmarked).as("packages without @NullMarked in their package-info.java").isEmpty();
    }
}
