package dev.emporium.identity;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.emporium.testsupport.ArchitectureRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.emporium.identity", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule noDependencyOnOtherServices = ArchitectureRules.noDependencyOnOtherServices("identity");

    @ArchTest
    static final ArchRule controllersAreEntryPointsOnly = ArchitectureRules.controllersAreEntryPointsOnly();

    @ArchTest
    static final ArchRule noPlainJdbcStatements = ArchitectureRules.noPlainJdbcStatements();

    /** Accounts own the users table and password hashes; tokens only ask them (Accounts) for an account. */
    @ArchTest
    static final ArchRule tokensUseAccountsThroughTheirService = noClasses()
        .that().resideInAPackage("dev.emporium.identity.token..")
        .should().dependOnClassesThat().haveSimpleName("AccountRepository")
        .orShould().dependOnClassesThat().haveSimpleName("Passwords");
}
