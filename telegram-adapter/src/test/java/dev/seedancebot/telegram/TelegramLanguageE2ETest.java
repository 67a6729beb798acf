package dev.seedancebot.telegram;

import static dev.seedancebot.telegram.TelegramRig.ALICE;
import static dev.seedancebot.telegram.TelegramRig.GROUP;
import static dev.seedancebot.telegram.TelegramRig.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import dev.seedancebot.testkit.telegram.BotMessage;
import dev.seedancebot.testkit.telegram.TelegramCall;
import dev.seedancebot.testkit.telegram.TgUser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Languages on Telegram, the real TelegramBots client against the fake Bot API and the real core on H2: a command
 * menu per language, a user whose app is Spanish answered in Spanish (also by what the engine says later, after the
 * request was taken), and {@code /language} over the app's language.
 */
class TelegramLanguageE2ETest {
    private static final TgUser ALICE_ES = ALICE.speaking("es");

    @TempDir
    Path dir;

    private TelegramRig rig;

    @BeforeEach
    void start() {
        rig = TelegramRig.start(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void start_setMyCommands_oncePerShippedLanguage() {
        List<TelegramCall> calls = rig.telegram.calls("setMyCommands");

        assertThat(calls).hasSize(5);
        assertThat(calls).extracting(c -> c.param("language_code").orElse("default"))
                .containsExactlyInAnyOrder("default", "es", "pt", "ru", "zh");
        TelegramCall spanish = calls.stream().filter(c -> c.param("language_code").orElse("").equals("es"))
                .findFirst().orElseThrow();
        assertThat(spanish.param("commands").orElseThrow()).contains("\"video\"").contains("\"language\"")
                .contains("Haz un video corto a partir de texto");
        TelegramCall english = calls.stream().filter(c -> c.param("language_code").isEmpty()).findFirst()
                .orElseThrow();
        assertThat(english.param("commands").orElseThrow()).contains("Make a short video from text");
    }

    @Test
    void spanishUser_videoFailsLater_ackProgressAndFailureAllInSpanish() {
        rig.seedance.scriptNextTask(TaskScript.endingWith(Step.failure("OutputVideoSensitiveContentDetected",
                "The output video may contain sensitive information")));

        rig.telegram.message(GROUP, ALICE_ES).text("/video un zorro en la nieve --duration 4 --res 480p").send();

        BotMessage ack = rig.awaitText(GROUP, "texto a video");
        String taskId = TelegramRig.taskIdOf(ack);
        assertThat(ack.text()).contains("4 s · 480p");
        // the acknowledgement as first sent, before it turned into the progress message
        rig.awaitText(GROUP, "Te quedan ");
        await().atMost(WAIT).until(() -> rig.core.engine().task(taskId).map(t -> t.state() == TaskState.FAILED)
                .orElse(false));
        rig.awaitText(GROUP, "No se pudo crear tu video " + taskId);
        await().atMost(WAIT).until(() -> rig.telegram.botMessage(GROUP.id(), ack.messageId())
                .map(BotMessage::text).orElse("").contains("❌ Falló: El filtro de seguridad de Seedance"));
    }

    @Test
    void spanishUser_help_listsCommandsInSpanish() {
        rig.telegram.message(GROUP, ALICE_ES).text("/help").send();

        BotMessage help = rig.awaitText(GROUP, "Comandos:");
        assertThat(help.text()).contains("/language").contains("Opciones de /video:");
    }

    @Test
    void languageCommand_overridesTheAppLanguage_untilAuto() {
        rig.telegram.message(GROUP, ALICE_ES).text("/language ru").send();
        rig.awaitText(GROUP, "Теперь я говорю с тобой на языке: Русский.");

        rig.telegram.message(GROUP, ALICE_ES).text("/quota").send();
        rig.awaitText(GROUP, "Осталось сегодня");

        rig.telegram.message(GROUP, ALICE_ES).text("/language auto").send();
        rig.awaitText(GROUP, "Vuelvo a seguir el idioma de tu app; por ahora es Español.");
    }

    @Test
    void languageCommand_unknownLanguage_saysWhichItSpeaks() {
        rig.telegram.message(GROUP, ALICE_ES).text("/language klingon").send();

        assertThat(rig.awaitText(GROUP, "No hablo \"klingon\"").text()).contains("Русский (ru)")
                .contains("简体中文 (zh-CN)");
    }
}
