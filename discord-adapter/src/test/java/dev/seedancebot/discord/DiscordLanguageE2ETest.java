package dev.seedancebot.discord;

import static dev.seedancebot.testkit.discord.FakeDiscord.ADAM_ADMIN;
import static dev.seedancebot.testkit.discord.FakeDiscord.ALICE;
import static dev.seedancebot.testkit.discord.FakeDiscord.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.discord.FakeDiscord;
import dev.seedancebot.testkit.discord.Interaction;
import dev.seedancebot.testkit.discord.SlashCommand;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Languages on Discord, real JDA against the fake Discord and the real core on H2: the command menu carries
 * localized names and descriptions, a member whose client is Spanish is answered in Spanish from the first
 * reply to the posted video, {@code /language} overrides the client, and a server's default applies to a
 * client language the bot does not ship.
 */
class DiscordLanguageE2ETest {
    @TempDir
    Path dir;

    private DiscordRig rig;

    @BeforeEach
    void start() {
        rig = DiscordRig.start(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void registration_commands_carryLocalizedNamesAndDescriptions() {
        JsonNode commands = rig.discord.registeredCommands(FakeDiscord.GUILD_ID).orElseThrow();
        JsonNode video = command(commands, "video");
        JsonNode quota = command(commands, "quota");
        JsonNode videomod = command(commands, "videomod");

        assertThat(video.path("description").asText()).isEqualTo("Make a short AI video");
        assertThat(video.path("description_localizations").path("es-ES").asText()).isEqualTo("Haz un video corto con IA");
        assertThat(video.path("description_localizations").path("es-419").asText()).isEqualTo("Haz un video corto con IA");
        assertThat(video.path("name_localizations").path("zh-CN").asText()).isEqualTo("视频");
        assertThat(quota.path("name_localizations").path("es-ES").asText()).isEqualTo("cuota");
        assertThat(quota.path("name_localizations").path("ru").asText()).isEqualTo("квота");
        assertThat(quota.path("name_localizations").path("pt-BR").asText()).isEqualTo("cota");
        JsonNode text = video.path("options").get(0);
        assertThat(text.path("name").asText()).isEqualTo("text");
        assertThat(text.path("name_localizations").path("es-ES").asText()).isEqualTo("texto");
        assertThat(text.path("options").get(0).path("name_localizations").path("es-ES").asText())
                .isEqualTo("descripción");
        // moderators' commands keep their English names in every language; their descriptions are translated
        assertThat(videomod.path("name_localizations").path("es-ES").isMissingNode()
                || videomod.path("name_localizations").isNull()
                || videomod.path("name_localizations").isEmpty()).isTrue();
        assertThat(videomod.path("description_localizations").path("ru").asText()).startsWith("Для модераторов");
        assertThat(command(commands, "language").path("name_localizations").path("es-ES").asText())
                .isEqualTo("idioma");
    }

    @Test
    void spanishClient_videoText_progressAndPostedVideoInSpanish() {
        rig.discord.userLocale(ALICE.id(), "es-ES");

        Interaction i = rig.discord.dispatch(SlashCommand.of("video", "text").option("prompt", "un zorro en la nieve")
                .option("duration", 4).option("resolution", "480p"));

        rig.awaitReplyContaining(i, "crédito");
        await().atMost(DiscordRig.WAIT).until(() -> rig.allMessages().stream()
                .anyMatch(m -> m.path("content").asText().contains("está listo")));
        String taskId = rig.latestTask(ALICE).id();
        await().atMost(DiscordRig.WAIT).until(() -> rig.latestTask(ALICE).state() == TaskState.DELIVERED);
        assertThat(rig.allMessages()).anyMatch(m -> m.path("content").asText()
                .contains("tu video `" + taskId + "` está listo (texto a video, 4 s · 480p · "));
        rig.awaitReplyContaining(i, "✅ Listo: el video está publicado abajo");
    }

    @Test
    void spanishClient_quota_answeredInSpanish() {
        rig.discord.userLocale(BOB.id(), "es-ES");

        Interaction i = rig.discord.dispatch(SlashCommand.of("quota").by(BOB));

        assertThat(rig.awaitReply(i).content()).contains("Quedan hoy:").contains("Precios");
    }

    @Test
    void languageCommand_overridesTheClientLanguage_forLaterAnswers() {
        rig.discord.userLocale(ALICE.id(), "es-ES");

        Interaction choose = rig.discord.dispatch(SlashCommand.of("language").option("language", "ru"));
        assertThat(rig.awaitReply(choose).content()).isEqualTo("Теперь я говорю с тобой на языке: Русский.");

        Interaction quota = rig.discord.dispatch(SlashCommand.of("quota"));
        assertThat(rig.awaitReply(quota).content()).contains("Осталось сегодня");

        Interaction auto = rig.discord.dispatch(SlashCommand.of("language").option("language", "auto"));
        assertThat(rig.awaitReply(auto).content()).contains("Vuelvo a seguir el idioma de tu app");
    }

    @Test
    void serverDefault_appliesToAClientLanguageTheBotDoesNotShip_notOverAShippedOne() {
        Interaction set = rig.discord.dispatch(SlashCommand.of("videomod", "set").by(ADAM_ADMIN)
                .option("setting", "language").option("value", "pt-BR"));
        rig.awaitReply(set);
        rig.discord.userLocale(BOB.id(), "fr");
        rig.discord.userLocale(ALICE.id(), "es-ES");

        Interaction french = rig.discord.dispatch(SlashCommand.of("quota").by(BOB));
        Interaction spanish = rig.discord.dispatch(SlashCommand.of("quota").by(ALICE));

        assertThat(rig.awaitReply(french).content()).contains("Restam hoje:");
        assertThat(rig.awaitReply(spanish).content()).contains("Quedan hoy:");
    }

    private static JsonNode command(JsonNode commands, String name) {
        return StreamSupport.stream(commands.spliterator(), false).filter(c -> c.path("name").asText().equals(name))
                .findFirst().orElseThrow();
    }
}
