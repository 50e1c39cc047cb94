package dev.emporium.notifications;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.emporium.testsupport.ArchitectureRules;

@AnalyzeClasses(packages = "dev.emporium.notifications", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule noDependencyOnOtherServices = ArchitectureRules.noDependencyOnOtherServices("notifications");

    @ArchTest
    static final ArchRule controllersAreEntryPointsOnly = ArchitectureRules.controllersAreEntryPointsOnly();

    @ArchTest
    static final ArchRule noPlainJdbcStatements = ArchitectureRules.noPlainJdbcStatements();
}
