package dev.seedancebot.core.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommunitySettingsTest {

    private static CommunitySettings with(Map<CommunitySetting, Object> values) {
        return new CommunitySettings("guild", values, Set.of(), Set.of());
    }

    @Test
    void defaults_communityValues_overrideTheConfiguration() {
        VideoOptions o = with(Map.of(CommunitySetting.DURATION, 8, CommunitySetting.RATIO, AspectRatio.R9_16,
                CommunitySetting.WATERMARK, true)).defaults(VideoOptions.DEFAULTS);

        assertThat(o).isEqualTo(VideoOptions.DEFAULTS.withDuration(8).withRatio(AspectRatio.R9_16)
                .withWatermark(true));
    }

    @Test
    void defaults_aboveTheCeilings_areBroughtWithinThem() {
        CommunitySettings s = with(Map.of(CommunitySetting.MAX_DURATION, 6, CommunitySetting.MAX_RESOLUTION,
                Resolution.P480, CommunitySetting.ALLOW_AUDIO, false, CommunitySetting.ALLOW_WEB_SEARCH, false));

        VideoOptions o = s.defaults(VideoOptions.DEFAULTS.withDuration(10).withWebSearch(true));

        assertThat(o.durationSeconds()).isEqualTo(6);
        assertThat(o.resolution()).isEqualTo(Resolution.P480);
        assertThat(o.generateAudio()).isFalse();
        assertThat(o.webSearch()).isFalse();
        assertThat(s.problems(o)).isEmpty();
    }

    @Test
    void problems_explicitOptionsBeyondCeilings_nameEachFix() {
        CommunitySettings s = with(Map.of(CommunitySetting.MAX_DURATION, 6, CommunitySetting.MAX_RESOLUTION,
                Resolution.P480, CommunitySetting.ALLOW_AUDIO, false, CommunitySetting.ALLOW_WEB_SEARCH, false));

        assertThat(s.problems(VideoOptions.DEFAULTS.withDuration(12).withWebSearch(true))).containsExactly(
                "Videos here may be up to 6 s long (a moderator's setting); choose a duration of 6 s or less.",
                "Videos here are made at up to 480p (a moderator's setting); choose resolution 480p.",
                "Videos here have no soundtrack (a moderator's setting); turn audio off.",
                "Web search is switched off here (a moderator's setting); leave it out.");
    }

    @Test
    void allowsChannel_threadOfAnAllowedChannel_isAllowed() {
        CommunitySettings s = new CommunitySettings("guild", Map.of(), Set.of("c1"), Set.of());

        assertThat(s.allowsChannel(Arrays.asList("thread9", "c1"))).isTrue();
        assertThat(s.allowsChannel(Arrays.asList("c2", null))).isFalse();
    }

    @Test
    void parse_everySetting_roundTripsThroughFormat() {
        for (CommunitySetting setting : CommunitySetting.values()) {
            String sample = switch (setting) {
                case DURATION, MAX_DURATION -> "8";
                case RESOLUTION, MAX_RESOLUTION -> "480p";
                case RATIO -> "9:16";
                case LANGUAGE -> "pt-BR";
                default -> "off";
            };
            Object value = setting.parse(sample);
            assertThat(setting.parse(setting.format(value))).isEqualTo(value);
        }
    }

    @Test
    void parse_outOfRange_namesTheAcceptedValues() {
        assertThatThrownBy(() -> CommunitySetting.MAX_DURATION.parse("20"))
                .hasMessage("max-duration takes 4-15 (or default), not '20'.");
        assertThatThrownBy(() -> CommunitySetting.RESOLUTION.parse("1080p"))
                .hasMessage("resolution takes 480p, 720p (or default), not '1080p'.");
    }
}
