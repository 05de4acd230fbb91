package dev.tarn;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package rules of DESIGN.md: dependencies point down the picture, and DuckDB stays in the engine. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tarn");
    }

    @Test
    void nothingImportsTheHttpPackageButTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("dev.tarn.http..").and().doNotHaveFullyQualifiedName("dev.tarn.Server")
                .should().dependOnClassesThat().resideInAPackage("dev.tarn.http..").check(classes);
    }

    @Test
    void onlyTheEngineTouchesDuckDbOrJdbc() {
        noClasses().that().resideOutsideOfPackage("dev.tarn.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.duckdb..", "java.sql..").check(classes);
    }

    @Test
    void onlyTheEngineReachesExternalDatabasesThroughTheirDriversAndPools() {
        noClasses().that().resideOutsideOfPackage("dev.tarn.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("com.zaxxer..", "org.postgresql..", "org.mariadb..", "org.sqlite..")
                .check(classes);
    }

    @Test
    void errorAndConfigDependOnNothingOfOurs() {
        noClasses().that().resideInAnyPackage("dev.tarn.error..", "dev.tarn.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tarn.engine..", "dev.tarn.auth..", "dev.tarn.access..",
                        "dev.tarn.query..", "dev.tarn.http..").check(classes);
    }

    @Test
    void onlyTheHttpPackageUsesJavalin() {
        noClasses().that().resideOutsideOfPackage("dev.tarn.http..").and().doNotHaveFullyQualifiedName("dev.tarn.Server")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..").check(classes);
    }

    @Test
    void theEngineKnowsNothingOfTheFeaturesAboveIt() {
        noClasses().that().resideInAPackage("dev.tarn.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tarn.auth..", "dev.tarn.access..", "dev.tarn.query..")
                .check(classes);
    }
}
