package dev.seedancebot.app;

import static dev.seedancebot.app.Mp4.assertIsMp4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.testkit.TestMedia;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private FakeSeedanceServer fake;

    @BeforeEach
    void startFake() {
        fake = FakeSeedanceServer.builder().assetPollsUntilActive(0).start();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private CapturedCli cli() {
        return new CapturedCli(Map.of("SEEDANCE_API_KEY", fake.apiKey()));
    }

    private int generate(CapturedCli cli, String... args) {
        List<String> all = new ArrayList<>(List.of("generate", "--base-url", fake.baseUrl(), "--poll-interval", "10ms",
                "--out", dir.resolve("out").toString() + "/"));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    private Path onlyVideo() {
        Path out = dir.resolve("out");
        assertThat(out.toFile().list()).hasSize(1);
        return out.resolve(out.toFile().list()[0]);
    }

    private Path media(String name) {
        return TestMedia.copyTo(dir, name);
    }

    @Test
    void generate_textPrompt_savesMp4AndShowsProgress() {
        CapturedCli cli = cli();

        int code = generate(cli, "a paper boat on a rainy street", "--duration", "5", "--ratio", "16:9");

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertIsMp4(onlyVideo());
        assertThat(cli.out()).contains("Seedance task", "50% in_progress", "100% done", "Saved ");
        assertThat(fake.createRequests()).singleElement().extracting(RecordedRequest::bodyText).asString()
                .contains("a paper boat on a rainy street", "\"duration\":5", "\"ratio\":\"16:9\"");
    }

    @Test
    void generate_firstAndLastFrame_savesMp4() {
        CapturedCli cli = cli();

        int code = generate(cli, "--prompt", "the cat lands softly",
                "--first-frame", media(TestMedia.IMAGE_PNG).toString(),
                "--last-frame", media(TestMedia.IMAGE_JPG).toString());

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertIsMp4(onlyVideo());
        assertThat(fake.createRequests()).singleElement().extracting(RecordedRequest::bodyText).asString()
                .contains("first_frame", "last_frame");
    }

    @Test
    void generate_referenceImagesVideoAndAudio_savesMp4() {
        CapturedCli cli = cli();

        int code = generate(cli, "@image1 and @image2 dance like @video1 to @audio1",
                "--image", media(TestMedia.IMAGE_PNG).toString(),
                "--image", media(TestMedia.IMAGE_JPG).toString(),
                "--video", media(TestMedia.VIDEO_3S).toString(),
                "--audio", media(TestMedia.AUDIO_WAV_3S).toString(),
                "--resolution", "480p", "--no-audio");

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertIsMp4(onlyVideo());
        assertThat(fake.createRequests()).singleElement().extracting(RecordedRequest::bodyText).asString()
                .contains("reference_image", "reference_video", "reference_audio", "\"generate_audio\":false");
    }

    @Test
    void generate_editVideo_sendsEditInstructionAndSavesMp4() {
        CapturedCli cli = cli();

        int code = generate(cli, "make it snow", "--edit", media(TestMedia.VIDEO_3S).toString());

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertIsMp4(onlyVideo());
        assertThat(fake.createRequests()).singleElement().extracting(RecordedRequest::bodyText).asString()
                .contains("Edit @video1: make it snow");
    }

    @Test
    void generate_extendVideo_sendsExtendInstructionAndSavesMp4() {
        CapturedCli cli = cli();

        int code = generate(cli, "the boat sails away", "--extend", media(TestMedia.VIDEO_3S).toString());

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertIsMp4(onlyVideo());
        assertThat(fake.createRequests()).singleElement().extracting(RecordedRequest::bodyText).asString()
                .contains("Extend @video1: the boat sails away");
    }

    @Test
    void generate_inputBreaksRules_exits3WithoutCallingProvider() {
        CapturedCli cli = cli();

        int code = generate(cli, "tiny", "--first-frame", media(TestMedia.IMAGE_TOO_SMALL).toString(),
                "--duration", "20");

        assertThat(code).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(cli.err()).contains("Input rejected", TestMedia.IMAGE_TOO_SMALL);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void generate_missingFile_exits3() {
        CapturedCli cli = cli();

        int code = generate(cli, "a cat", "--image", dir.resolve("nope.png").toString());

        assertThat(code).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void generate_noApiKey_exits2AndNamesTheVariable() {
        CapturedCli cli = new CapturedCli(Map.of());

        int code = generate(cli, "a cat");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("SEEDANCE_API_KEY");
    }

    @Test
    void generate_wrongApiKey_exits4() {
        CapturedCli cli = new CapturedCli(Map.of("SEEDANCE_API_KEY", "sk-wrong-key"));

        int code = generate(cli, "a cat");

        assertThat(code).isEqualTo(ExitCodes.PROVIDER_REFUSED);
        assertThat(cli.err()).contains("API key was refused").doesNotContain("sk-wrong-key");
    }

    @Test
    void generate_badRatio_exits2() {
        CapturedCli cli = cli();

        int code = generate(cli, "a cat", "--ratio", "5:4");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--ratio 5:4");
    }
}
