package dev.seedancebot.core.media.convert;

import dev.seedancebot.core.request.VideoRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What {@link MediaConverter#convert} made of a request.
 *
 * @param request the request with every converted input pointing at its new file (in {@code scratch}); the same
 *     inputs, in the same order, with the same roles and labels
 * @param notes what was changed, one sentence per input, for the user ("… was converted to 1280×720 H.264 MP4 …")
 * @param problems what cannot be made acceptable, each naming the input and the fix; nothing may be charged then
 * @param refused the names of the refused inputs, so that validation need not report them a second time
 * @param scratch the folder holding the new files; {@link #discard()} removes it once they are copied or refused
 */
public record Conversion(VideoRequest request, List<String> notes, List<String> problems, List<String> refused,
        Path scratch) {

    public Conversion {
        Objects.requireNonNull(request, "request");
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
        refused = List.copyOf(refused);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Whether a validation problem is about an input this conversion refused already. */
    public boolean alreadyRefused(String problem) {
        String text = problem.toLowerCase(Locale.ROOT);
        return refused.stream().anyMatch(name -> text.contains(name.toLowerCase(Locale.ROOT)));
    }

    /** Deletes the scratch folder and the files in it; an input that was kept was never there. */
    public void discard() {
        if (scratch == null || !Files.isDirectory(scratch)) {
            return;
        }
        try (Stream<Path> files = Files.list(scratch)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(scratch);
        } catch (IOException e) {
            // the retention sweep removes what is left under the work dir
        }
    }
}
