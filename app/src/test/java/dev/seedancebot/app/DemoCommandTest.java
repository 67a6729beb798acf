package dev.seedancebot.app;

import static dev.seedancebot.app.Mp4.assertIsMp4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedancebot.testkit.TestMedia;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    private int demo(CapturedCli cli) {
        return cli.run("demo", "--out", dir.resolve("out").toString(), "--data", dir.resolve("data").toString(),
                "--step", "100ms");
    }

    private File[] videos() {
        return dir.resolve("out").toFile().listFiles((d, name) -> name.endsWith(".mp4"));
    }

    @Test
    void demo_pipedVideoCommand_savesMp4AndExitsWhenDone() {
        CapturedCli cli = new CapturedCli(Map.of(), "/video a paper boat on a rainy street --duration 5\n");

        int code = demo(cli);

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(videos()).hasSize(1);
        assertIsMp4(videos()[0].toPath());
        assertThat(cli.out()).contains("> /video a paper boat", "Accepted as t", "generating", "saved ",
                "a paper boat on a rainy street");
    }

    /**
     * A real SIGKILL of a real demo process, so that nothing of the first run (its fake's memory, a shutdown hook)
     * can help the second. Steps of 2 s give the kill a 6 s window between the task being created and its video.
     */
    @Test
    void demo_killedMidVideoThenRestartedWithoutInput_savesTheVideoAndExitsZero() throws Exception {
        Path log = dir.resolve("first-run.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo",
                "--out", dir.resolve("out").toString(), "--data", dir.resolve("data").toString(), "--step", "2s")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            // stdin stays open: the first run is still reading commands when it is killed
            OutputStream stdin = first.getOutputStream();
            stdin.write("/video a paper boat on a rainy street --duration 5\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("generating"));
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
        }
        assertThat(videos()).as(read(log)).isNull();

        CapturedCli restarted = new CapturedCli(Map.of(), "");
        int code = restarted.run("demo", "--out", dir.resolve("out").toString(), "--data",
                dir.resolve("data").toString(), "--step", "2s");

        assertThat(code).as(read(log) + restarted.out() + restarted.err()).isEqualTo(ExitCodes.OK);
        assertThat(videos()).as(restarted.out()).hasSize(1);
        assertIsMp4(videos()[0].toPath());
        assertThat(restarted.out()).contains("saved ", "a paper boat on a rainy street");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Test
    void demo_referenceImageByPathThenQuotaAndHelp_answersEachLikeTheChat() {
        Path image = TestMedia.copyTo(dir, TestMedia.IMAGE_PNG);
        CapturedCli cli = new CapturedCli(Map.of(), "/video @image1 waves hello --image " + image + "\n"
                + "/quota\n/help\n/videomod audit\nhello\n");

        int code = demo(cli);

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(videos()).hasSize(1);
        assertThat(cli.out()).contains("multimodal reference", "Left today", "Commands:", "/videomod",
                "Commands start with /video");
    }

    @Test
    void demo_communitySettingsCommands_answerThatTheyNeedAGroup() {
        CapturedCli cli = new CapturedCli(Map.of(), "/videomod settings\n/videomod set max-resolution 480p\n"
                + "/videomod channel allow here\n/videomod moderator add telegram:42\n");

        int code = demo(cli);

        assertThat(code).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("Settings apply to a group", "Channel settings apply to a group",
                "Moderators apply to a group").doesNotContain("That did not work");
    }

    @Test
    void demo_invalidRequest_explainsAndChargesNothing() {
        CapturedCli cli = new CapturedCli(Map.of(), "/video a cat --duration 99\n/video ./missing.png a cat\n");

        int code = demo(cli);

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(videos()).isNull();
        assertThat(cli.out()).contains("--duration", "There is no file ./missing.png.");
    }
}
