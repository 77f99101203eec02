package dev.plimsoll.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of the code base, checked on the compiled classes. */
class ArchitectureTest {

    static final String[] FEATURES = {
        "dev.plimsoll.platform..", "dev.plimsoll.tenancy..", "dev.plimsoll.identity..", "dev.plimsoll.catalog..",
        "dev.plimsoll.ingest..", "dev.plimsoll.inventory..", "dev.plimsoll.posture..", "dev.plimsoll.remediation..",
        "dev.plimsoll.reports..", "dev.plimsoll.audit..", "dev.plimsoll.web..", "dev.plimsoll.demo..",
        "dev.plimsoll.collector..", "dev.plimsoll.wire..", "dev.plimsoll.resilience.."
    };

    static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.plimsoll");
    }

    @Test
    void code_is_packaged_by_feature() {
        ArchRule rule = classes().should().resideInAnyPackage(FEATURES);
        rule.check(production);
    }

    @Test
    void the_collector_depends_only_on_the_jdk_the_wire_format_and_its_json_library() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("dev.plimsoll.collector..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(backendAndFrameworks());
        rule.allowEmptyShould(true).check(production);
    }

    @Test
    void the_wire_format_never_depends_on_backend_or_collector_code() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("dev.plimsoll.wire..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(backendAndFrameworks(), "dev.plimsoll.collector.."));
        rule.allowEmptyShould(true).check(production);
    }

    @Test
    void resources_and_pages_do_not_touch_persistence_directly() {
        ArchRule rule = noClasses()
                .that()
                .haveSimpleNameEndingWith("Resource")
                .or()
                .haveSimpleNameEndingWith("Page")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.persistence..",
                        "io.quarkus.hibernate.orm..",
                        "org.hibernate..",
                        "java.sql..",
                        "io.agroal..")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Repository")
                .orShould()
                .dependOnClassesThat()
                .areAnnotatedWith(jakarta.persistence.Entity.class);
        rule.check(production);
    }

    @Test
    void services_own_transactions_not_resources() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Resource")
                .or()
                .haveSimpleNameEndingWith("Page")
                .should()
                .beAnnotatedWith(jakarta.transaction.Transactional.class)
                .check(production);
        noMethods()
                .that()
                .areDeclaredInClassesThat()
                .haveSimpleNameEndingWith("Resource")
                .or()
                .areDeclaredInClassesThat()
                .haveSimpleNameEndingWith("Page")
                .should()
                .beAnnotatedWith(jakarta.transaction.Transactional.class)
                .check(production);
    }

    @Test
    void the_platform_does_not_depend_on_features() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("dev.plimsoll.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.plimsoll.tenancy..",
                        "dev.plimsoll.catalog..",
                        "dev.plimsoll.ingest..",
                        "dev.plimsoll.posture..",
                        "dev.plimsoll.remediation..",
                        "dev.plimsoll.reports..",
                        "dev.plimsoll.web..",
                        "dev.plimsoll.demo..");
        rule.check(production);
    }

    private static String[] backendAndFrameworks() {
        return new String[] {
            "dev.plimsoll.platform..",
            "dev.plimsoll.tenancy..",
            "dev.plimsoll.identity..",
            "dev.plimsoll.catalog..",
            "dev.plimsoll.ingest..",
            "dev.plimsoll.inventory..",
            "dev.plimsoll.posture..",
            "dev.plimsoll.remediation..",
            "dev.plimsoll.reports..",
            "dev.plimsoll.audit..",
            "dev.plimsoll.web..",
            "dev.plimsoll.demo..",
            "io.quarkus..",
            "jakarta..",
            "javax..",
            "com.fasterxml..",
            "org.hibernate..",
            "io.vertx..",
            "io.smallrye..",
            "org.eclipse.microprofile..",
            "org.jboss.."
        };
    }

    private static String[] concat(String[] left, String... right) {
        String[] all = java.util.Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, all, left.length, right.length);
        return all;
    }
}
