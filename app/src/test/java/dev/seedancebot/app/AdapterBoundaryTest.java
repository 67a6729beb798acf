package dev.seedancebot.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.ModCommandRunner;
import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.engine.GenerationEngine;
import dev.seedancebot.core.moderation.ModerationService;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.quota.QuotaService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adapters translate platform facts and render answers; what may happen is decided once, in the core. So the chat
 * adapters reach the core only through its inbound ports ({@code core.ports.in}) and the delivery port, never through
 * the services that decide or the assembly that holds them.
 */
class AdapterBoundaryTest {
    private static JavaClasses adapters;

    @BeforeAll
    static void importAdapters() {
        adapters = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.seedancebot.discord", "dev.seedancebot.telegram");
    }

    @Test
    void chatAdapters_anyClass_useNoDecidingServiceOfTheCore() {
        noClasses()
                .that().resideInAnyPackage("dev.seedancebot.discord..", "dev.seedancebot.telegram..")
                .should().dependOnClassesThat().belongToAnyOf(GenerationEngine.class, QuotaService.class,
                        CommunitySettingsService.class, ModCommandRunner.class, ModerationService.class,
                        IntakePolicy.class, CoreAssembly.class)
                .check(adapters);
    }

    @Test
    void chatAdapters_anyClass_touchNoDatabase() {
        noClasses()
                .that().resideInAnyPackage("dev.seedancebot.discord..", "dev.seedancebot.telegram..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.seedancebot.core.storage..", "java.sql..")
                .check(adapters);
    }
}
