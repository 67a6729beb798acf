package dev.seedancebot.core.request;

import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.media.MediaInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link RequestValidator#validate}: every broken rule at once, so the user can fix everything in one
 * go, plus what the files turned out to be.
 *
 * @param problems user-facing sentences, each naming the input by its label and saying the fix; empty when the request
 *     may be sent
 * @param warnings advice that does not block the request, such as a prompt longer than the vendor recommends
 * @param probed what was read from each local file that could be read, in the order of the request's media; remote
 *     inputs are never probed and are absent
 */
public record ValidationResult(List<String> problems, List<String> warnings, Map<MediaInput, MediaInfo> probed) {

    public ValidationResult {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        probed = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(probed, "probed")));
    }

    /** True when nothing blocks the request; warnings do not count. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** What was probed for {@code input}; empty for remote or unreadable inputs. */
    public Optional<MediaInfo> infoOf(MediaInput input) {
        return Optional.ofNullable(probed.get(input));
    }

    /**
     * Seconds of input video, which Seedance adds to the billed tokens. Only probed local videos count: a remote
     * video (terminal commands only) cannot be measured and counts 0.
     */
    public double totalVideoSeconds() {
        return probed.values().stream()
                .filter(info -> info.format().kind() == MediaFormat.Kind.VIDEO)
                .mapToDouble(MediaInfo::durationSeconds)
                .sum();
    }
}
