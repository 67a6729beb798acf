package dev.seedancebot.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of the core, checked on the compiled classes rather than left to review. */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.seedancebot.core");
    }

    @Test
    void core_anyClass_dependsOnNoChatSdk() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("net.dv8tion..", "org.telegram..")
                .check(core);
    }

    @Test
    void core_outsideSeedanceClient_usesNoHttpLibrary() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.seedancebot.core.seedance..")
                .and()
                .doNotHaveFullyQualifiedName(CoreAssembly.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(CoreAssembly.Builder.class.getName())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("okhttp3..")
                .check(core);
    }

    @Test
    void core_anyClass_dependsOnNoAdapterOrLauncher() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.seedancebot.discord..", "dev.seedancebot.telegram..", "dev.seedancebot.app..")
                .check(core);
    }

    @Test
    void policyAndPorts_anyClass_touchNoDatabase() {
        noClasses()
                .that().resideInAnyPackage("dev.seedancebot.core.policy..", "dev.seedancebot.core.ports..",
                        "dev.seedancebot.core.intake..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "dev.seedancebot.core.storage..")
                .check(core);
    }

    @Test
    void quotaInternals_outsideTheQuotaPackage_unused() {
        noClasses()
                .that().resideOutsideOfPackage("dev.seedancebot.core.quota..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("QuotaStore")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Budgets")
                .check(core);
    }

    /**
     * The platform port and the task snapshot it carries know nothing of the engine: the engine calls the platforms,
     * never the other way round (the port once took an engine type, a package cycle).
     */
    @Test
    void platformPortAndTaskSnapshot_anyClass_dependOnNoEngine() {
        noClasses()
                .that().resideInAnyPackage("dev.seedancebot.core.platform..", "dev.seedancebot.core.task..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.seedancebot.core.engine..")
                .check(core);
    }
}
