package dev.seedancebot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationStatus;
import org.junit.jupiter.api.Test;

/** Which refusals are the soundtrack's alone, so that the task is made once more without audio. */
class SilentRetryTest {

    private static GenerationStatus.Failed failed(String code, String message) {
        return new GenerationStatus.Failed(ErrorKind.OUTPUT_MODERATION, code, message);
    }

    @Test
    void audioOnly_arkOutputAudioCode_isTheSoundtracks() {
        assertThat(SilentRetry.audioOnly(failed("OutputAudioSensitiveContentDetected", "…"))).isTrue();
        assertThat(SilentRetry.audioOnly(failed("OutputAudioRiskDetection", "…"))).isTrue();
    }

    @Test
    void audioOnly_codelessReasonAboutTheOutputAudio_isTheSoundtracks() {
        assertThat(SilentRetry.audioOnly(failed(null,
                "The request failed because the output audio may contain sensitive information."))).isTrue();
    }

    @Test
    void audioOnly_pictureOrInputRefusals_areNot() {
        assertThat(SilentRetry.audioOnly(failed("OutputVideoSensitiveContentDetected",
                "the output audio and video may contain sensitive information"))).isFalse();
        assertThat(SilentRetry.audioOnly(failed("InputAudioSensitiveContentDetected", "…"))).isFalse();
        assertThat(SilentRetry.audioOnly(failed(null, "The output video may contain sensitive information.")))
                .isFalse();
    }
}
