package dev.emporium.systemtests;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.emporium.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Boundaries across all modules at once (each service also checks its own): no service uses another's code, and
 * the shared platform libraries depend on no service.
 */
class ArchitectureTests {

    static final JavaClasses ALL = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.emporium");

    @Test
    void noServiceDependsOnAnotherServicesCode() {
        ArchitectureRules.SERVICES.forEach(service -> ArchitectureRules.noDependencyOnOtherServices(service)
            .allowEmptyShould(true).check(ALL));
    }

    @Test
    void platformLibrariesDependOnNoService() {
        noClasses().that().resideInAnyPackage("dev.emporium.platform..", "dev.emporium.democatalog..")
            .should().dependOnClassesThat().resideInAnyPackage(ArchitectureRules.SERVICES.stream()
                .map(service -> "dev.emporium." + service + "..").toArray(String[]::new))
            .check(ALL);
    }
}
