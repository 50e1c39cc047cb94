package dev.emporium.provider;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.emporium.testsupport.ArchitectureRules;

@AnalyzeClasses(packages = "dev.emporium.provider", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule noDependencyOnOtherServices = ArchitectureRules.noDependencyOnOtherServices("provider");

    @ArchTest
    static final ArchRule noPlainJdbcStatements = ArchitectureRules.noPlainJdbcStatements();
}
