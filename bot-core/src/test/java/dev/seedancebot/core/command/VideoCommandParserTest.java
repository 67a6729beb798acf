package dev.seedancebot.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.command.VideoCommandParser.Attachment;
import dev.seedancebot.core.command.VideoCommandParser.Ok;
import dev.seedancebot.core.command.VideoCommandParser.Problem;
import dev.seedancebot.core.command.VideoCommandParser.Result;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.GenerationMode;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoCommandParserTest {
    private static final UserKey USER = new UserKey(Platform.TELEGRAM, "42");
    private static final ChatRef CHAT = ChatRef.of(Platform.TELEGRAM, "-100", "-100");
    private static final Attachment IMAGE_1 = new Attachment("cat.jpg", Path.of("a.jpg"), MediaKind.IMAGE);
    private static final Attachment IMAGE_2 = new Attachment("dog.png", Path.of("b.png"), MediaKind.IMAGE);
    private static final Attachment VIDEO = new Attachment("clip.mp4", Path.of("c.mp4"), MediaKind.VIDEO);
    private static final Attachment AUDIO = new Attachment("song.mp3", Path.of("d.mp3"), MediaKind.AUDIO);

    private final VideoCommandParser parser = new VideoCommandParser();

    private Result parse(String text, Attachment... attachments) {
        return parser.parse(text, List.of(attachments), VideoOptions.DEFAULTS, USER, CHAT);
    }

    private VideoRequest request(String text, Attachment... attachments) {
        Result result = parse(text, attachments);
        assertThat(result).isInstanceOf(Ok.class);
        return ((Ok) result).request();
    }

    private String problem(String text, Attachment... attachments) {
        Result result = parse(text, attachments);
        assertThat(result).isInstanceOf(Problem.class);
        return ((Problem) result).message();
    }

    @Test
    void parse_textWithInlineOptions_appliesOptionsAndKeepsPrompt() {
        VideoRequest r = request("a cat --duration 8 surfing --ratio 9:16 --res 480p --no-audio --web --watermark");

        assertThat(r.prompt()).isEqualTo("a cat surfing");
        assertThat(r.mode()).isEqualTo(GenerationMode.TEXT_TO_VIDEO);
        assertThat(r.options()).isEqualTo(new VideoOptions(8, Resolution.P480, AspectRatio.R9_16, false, true, true));
        assertThat(r.requester()).isEqualTo(USER);
        assertThat(r.replyTo()).isEqualTo(CHAT);
    }

    @Test
    void parse_noOptions_usesCommunityDefaults() {
        VideoOptions defaults = VideoOptions.DEFAULTS.withResolution(Resolution.P480).withGenerateAudio(false);

        Result result = parser.parse("waves", List.of(), defaults, USER, CHAT);

        assertThat(((Ok) result).request().options()).isEqualTo(defaults);
    }

    @Test
    void parse_equalsFormAndPhoneDash_areAccepted() {
        VideoRequest r = request("rain —duration=6 --res=720 --ratio 16x9");

        assertThat(r.options().durationSeconds()).isEqualTo(6);
        assertThat(r.options().resolution()).isEqualTo(Resolution.P720);
        assertThat(r.options().ratio()).isEqualTo(AspectRatio.R16_9);
        assertThat(r.prompt()).isEqualTo("rain");
    }

    @Test
    void parse_durationOutOfRange_namesRangeAndValue() {
        assertThat(problem("x --duration 20")).isEqualTo("--duration takes whole seconds 4–15, got 20");
        assertThat(problem("x --duration 7.5")).isEqualTo("--duration takes whole seconds 4–15, got 7.5");
    }

    @Test
    void parse_unknownOption_namesItAndListsValidOnes() {
        String message = problem("x --fps 60");

        assertThat(message).startsWith("Unknown option --fps.").contains("--duration", "--ratio", "--first-last");
    }

    @Test
    void parse_badRatioOrResolution_listsChoices() {
        assertThat(problem("x --ratio 2:1")).contains("16:9", "9:16", "adaptive", "got 2:1");
        assertThat(problem("x --res 1080p")).contains("480p or 720p", "got 1080p");
    }

    @Test
    void parse_optionWithoutValue_saysWhatValueIsNeeded() {
        assertThat(problem("x --duration")).isEqualTo("--duration needs a value: whole seconds 4–15.");
        assertThat(problem("x --ratio --no-audio")).startsWith("--ratio needs a value");
    }

    @Test
    void parse_switchWithValue_isRefused() {
        assertThat(problem("x --no-audio=yes")).contains("--no-audio takes no value");
    }

    @Test
    void parse_emptyTextWithoutAttachments_showsExample() {
        assertThat(problem("  ")).startsWith("Describe the video after /video");
    }

    @Test
    void parse_attachmentsWithoutMode_areReferencesByKind() {
        VideoRequest r = request("the cat from @image1 dances", IMAGE_1, VIDEO, AUDIO);

        assertThat(r.mode()).isEqualTo(GenerationMode.REFERENCE);
        assertThat(r.media()).extracting(MediaInput::role).containsExactly(
                MediaRole.REFERENCE_IMAGE, MediaRole.REFERENCE_VIDEO, MediaRole.REFERENCE_AUDIO);
        assertThat(r.media()).extracting(MediaInput::label).containsExactly("cat.jpg", "clip.mp4", "song.mp3");
    }

    @Test
    void parse_referencesWithoutPrompt_asksForPrompt() {
        assertThat(problem("", IMAGE_1)).startsWith("Describe what to make of the attachments");
    }

    @Test
    void parse_firstFrameWithOneImage_makesFirstFrameRequest() {
        VideoRequest r = request("--first-frame the cat wakes up", IMAGE_1);

        assertThat(r.mode()).isEqualTo(GenerationMode.FIRST_FRAME);
        assertThat(r.media()).extracting(MediaInput::role).containsExactly(MediaRole.FIRST_FRAME);
    }

    @Test
    void parse_firstLastWithTwoImages_keepsOrderFirstThenLast() {
        VideoRequest r = request("morph --first-last", IMAGE_1, IMAGE_2);

        assertThat(r.mode()).isEqualTo(GenerationMode.FIRST_LAST_FRAME);
        assertThat(r.media()).extracting(MediaInput::label).containsExactly("cat.jpg", "dog.png");
        assertThat(r.media()).extracting(MediaInput::role).containsExactly(MediaRole.FIRST_FRAME,
                MediaRole.LAST_FRAME);
    }

    @Test
    void parse_modeWithWrongAttachments_saysWhatItNeedsAndGot() {
        assertThat(problem("--first-frame go", IMAGE_1, IMAGE_2))
                .isEqualTo("--first-frame needs exactly 1 image, got 2 images.");
        assertThat(problem("--first-last go", IMAGE_1, VIDEO))
                .isEqualTo("--first-last needs exactly 2 images (first frame, then last frame), got 1 image and"
                        + " 1 video.");
        assertThat(problem("--edit night", IMAGE_1)).isEqualTo("--edit needs exactly 1 video, got 1 image.");
        assertThat(problem("--extend more", VIDEO, AUDIO, AUDIO))
                .isEqualTo("--extend needs exactly 1 video, got 1 video and 2 audio files.");
    }

    @Test
    void parse_modeWithoutAttachments_explainsWhereToAttach() {
        assertThat(problem("--edit make it night")).startsWith("--edit needs exactly 1 video attached");
    }

    @Test
    void parse_editWithVideoAndInstruction_makesEditRequest() {
        VideoRequest r = request("--edit make it night", VIDEO);

        assertThat(r.intent()).isEqualTo(Intent.EDIT);
        assertThat(r.prompt()).isEqualTo("make it night");
        assertThat(r.media()).singleElement().extracting(MediaInput::role).isEqualTo(MediaRole.REFERENCE_VIDEO);
    }

    @Test
    void parse_extendWithoutInstruction_asksForIt() {
        assertThat(problem("--extend", VIDEO)).startsWith("--extend needs an instruction");
    }

    @Test
    void parse_extendWithVideo_makesExtendRequest() {
        assertThat(request("--extend the camera flies up", VIDEO).mode()).isEqualTo(GenerationMode.EXTEND);
    }

    @Test
    void parse_twoModes_isRefused() {
        assertThat(problem("--edit --extend x", VIDEO)).isEqualTo("Use only one of --edit, --extend.");
    }

    @Test
    void parse_attachmentOfUnknownKind_namesIt() {
        Attachment pdf = new Attachment("report.pdf", Path.of("r.pdf"), null);

        assertThat(problem("x", pdf)).startsWith("report.pdf is not an image, video or audio file.");
    }

    @Test
    void parse_doubleDashInsidePrompt_isTextWhenNotFollowedByLetter() {
        assertThat(request("countdown -- 3 2 1").prompt()).isEqualTo("countdown -- 3 2 1");
    }
}
