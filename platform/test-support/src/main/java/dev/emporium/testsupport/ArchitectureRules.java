package dev.emporium.testsupport;

import java.util.List;

import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries every service checks in its {@code ArchitectureTests}: services share no code, controllers are
 * entry points only, and SQL goes through parameterised statements.
 */
public final class ArchitectureRules {

    /** Every deployable of DESIGN §2 that exists as a module. */
    public static final List<String> SERVICES = List.of("gateway", "storefront", "identity", "catalog", "cart", "orders",
            "inventory", "payments", "notifications", "media", "provider");

    private ArchitectureRules() {
    }

    /** Code of {@code service} uses no class of another service (they talk over HTTP and events only). */
    public static ArchRule noDependencyOnOtherServices(String service) {
        String[] others = SERVICES.stream().filter(name -> !name.equals(service)).map(name -> "dev.emporium." + name + "..")
            .toArray(String[]::new);
        return noClasses().that().resideInAPackage("dev.emporium." + service + "..")
            .should().dependOnClassesThat().resideInAnyPackage(others)
            .because("services share no code: they talk over HTTP and events only (DESIGN §2)");
    }

    /** No class calls a controller: controllers are entry points, features call each other's services. */
    public static ArchRule controllersAreEntryPointsOnly() {
        return noClasses().that().areNotAnnotatedWith(RestController.class).and().areNotAnnotatedWith(Controller.class)
            .should().dependOnClassesThat().areAnnotatedWith(RestController.class)
            .orShould().dependOnClassesThat().areAnnotatedWith(Controller.class)
            .because("controllers are the HTTP edge of a feature, not an API for other code");
    }

    /** SQL runs as prepared statements with bound parameters, never as text executed through a plain Statement. */
    public static ArchRule noPlainJdbcStatements() {
        return noClasses().should().callMethod(java.sql.Connection.class, "createStatement")
            .because("inputs are bound as parameters, never concatenated into SQL");
    }
}
