package org.fleetmesh.rp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The build enforces the architecture: a pure domain core, and features that do not tangle. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.fleetmesh.rp");
    }

    @Test
    void domainCoreDependsOnTheJavaPlatformAndOtherDomainCodeOnly() {
        classes().that().resideInAPackage("..domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "..domain..")
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
}
