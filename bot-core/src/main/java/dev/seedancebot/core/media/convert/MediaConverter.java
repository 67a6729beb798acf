package dev.seedancebot.core.media.convert;

import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.ffmpeg.FfmpegException;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.ffmpeg.FfmpegTools;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.storage.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a request's inputs what Seedance accepts before anything is priced or charged: each local input is kept
 * when it already meets every rule (byte for byte), converted when it can be without changing its meaning, or
 * refused with what to fix (see {@link InputConverter}); then images and audio are recompressed, largest first, if
 * the create call's body would pass the gateway's 32 MB. Remote inputs (terminal commands only) are never touched:
 * conversions see local files only, never a URL.
 *
 * <p>ffmpeg is found and started only when a file needs it, so a bot whose users send acceptable files never runs
 * it. Thread-safe.
 */
public final class MediaConverter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaConverter.class);
    /** What the body may hold after recompression: a margin below the limit for the JSON around the media. */
    private static final long BODY_TARGET = RequestValidator.MAX_BODY_BYTES - 256 * 1024;
    /** JPEG quality of a recompressed image: visibly fine for a reference, a fraction of the original. */
    private static final int COMPACT_QUALITY = 5;

    private final ConversionSettings settings;
    private final MediaProber prober;
    private final InputConverter inputs;
    private volatile FfmpegRunner runner;
    private volatile boolean closed;

    public MediaConverter(ConversionSettings settings, MediaProber prober) {
        this.settings = settings;
        this.prober = prober;
        this.inputs = new InputConverter(this::runner, prober, settings.jobTimeLimit());
    }

    private FfmpegRunner runner() {
        FfmpegRunner current = runner;
        if (current == null) {
            synchronized (this) {
                if (runner == null) {
                    if (closed) {
                        throw new IllegalStateException("media conversion is shut down");
                    }
                    // waiting for a slot is bounded like a job: a request that queues longer is refused, not stuck
                    runner = new FfmpegRunner(FfmpegTools.of(settings.ffmpeg()), settings.parallelJobs(),
                            settings.jobTimeLimit());
                }
                current = runner;
            }
        }
        return current;
    }

    /**
     * Converts what {@code request} needs converted into the new folder {@code scratch}. More than
     * {@link RequestValidator#MAX_FILES} inputs are left alone: the validator refuses the request anyway.
     */
    public Conversion convert(VideoRequest request, Path scratch) {
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (request.media().size() > RequestValidator.MAX_FILES
                || request.media().stream().noneMatch(m -> m.source() instanceof MediaSource.LocalFile)) {
            return new Conversion(request, notes, problems, refused, null);
        }
        List<MediaInput> media = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<MediaRole, Integer> numbers = new EnumMap<>(MediaRole.class);
        try {
            PrivateFiles.createDirectories(scratch);
            int n = 0;
            for (MediaInput input : request.media()) {
                String name = RequestValidator.inputName(input.role(), numbers.merge(input.role(), 1, Integer::sum),
                        input.label());
                names.add(name);
                n++;
                if (!(input.source() instanceof MediaSource.LocalFile local) || !Files.isRegularFile(local.path())) {
                    media.add(input); // a missing file is the validator's to report
                    continue;
                }
                Path target = scratch.resolve("input-" + n + extension(input.kind()));
                InputConverter.Outcome outcome = inputs.convert(input.kind(), name, local.path(), target);
                if (outcome instanceof InputConverter.Replaced replaced) {
                    notes.add(replaced.note());
                    media.add(new MediaInput(input.role(), new MediaSource.LocalFile(replaced.file()), input.label()));
                } else {
                    if (outcome instanceof InputConverter.Refused refusal) {
                        problems.add(refusal.problem());
                        refused.add(name);
                    }
                    media.add(input);
                }
            }
            if (problems.isEmpty()) {
                fitBody(request.prompt(), media, names, scratch, notes, problems);
            }
        } catch (FfmpegException | IllegalStateException e) {
            // busy, too slow, shut down, or no ffmpeg on this machine: nothing is charged, the user may retry
            // the detail (ffmpeg's words, paths) is for the operator; the user gets a plain sentence
            log.warn("conversion not done: {}", e.getMessage());
            problems.add(ConversionTexts.busy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VideoRequest converted = new VideoRequest(request.prompt(), media, request.options(), request.intent(),
                request.requester(), request.replyTo());
        return new Conversion(converted, notes, problems, refused, scratch);
    }

    /**
     * Recompresses images (longest side at most {@value InputConverter#COMPACT_IMAGE_SIDE} px, JPEG) and turns WAV
     * into MP3, the largest first, until the body estimate fits; says so when even that is not enough.
     */
    private void fitBody(String prompt, List<MediaInput> media, List<String> names, Path scratch, List<String> notes,
            List<String> problems) throws IOException, FfmpegException {
        if (bodyBytes(prompt, media) <= BODY_TARGET) {
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < media.size(); i++) {
            if (media.get(i).kind() != MediaKind.VIDEO && media.get(i).source() instanceof MediaSource.LocalFile) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong((Integer i) -> size(media.get(i))).reversed());
        for (int i : order) {
            if (bodyBytes(prompt, media) <= BODY_TARGET) {
                return;
            }
            MediaInput input = media.get(i);
            Path source = ((MediaSource.LocalFile) input.source()).path();
            Path target = scratch.resolve("compact-" + (i + 1) + extension(input.kind()));
            long before = Files.size(source);
            InputConverter.Outcome outcome = compact(input.kind(), names.get(i), source, target);
            if (outcome instanceof InputConverter.Replaced replaced && Files.size(replaced.file()) < before) {
                notes.add(ConversionTexts.recompressed(names.get(i), before, Files.size(replaced.file())));
                media.set(i, new MediaInput(input.role(), new MediaSource.LocalFile(replaced.file()), input.label()));
            }
        }
        long body = bodyBytes(prompt, media);
        if (body > RequestValidator.MAX_BODY_BYTES) {
            problems.add(ConversionTexts.bodyStillTooLarge(body));
        }
    }

    private InputConverter.Outcome compact(MediaKind kind, String name, Path source, Path target)
            throws FfmpegException {
        if (kind == MediaKind.AUDIO) {
            return inputs.mp3(name, source, target, "");
        }
        if (!(prober.probe(source) instanceof MediaInfo info) || info.width() == 0) {
            return new InputConverter.Kept();
        }
        int[] size = InputConverter.imageSize(info.width(), info.height(), InputConverter.COMPACT_IMAGE_SIDE);
        return inputs.jpeg(name, source, size, COMPACT_QUALITY, target, "");
    }

    private static long bodyBytes(String prompt, List<MediaInput> media) {
        return RequestValidator.bodyBytes(prompt, media.stream()
                .filter(m -> m.kind() != MediaKind.VIDEO && m.source() instanceof MediaSource.LocalFile)
                .mapToLong(MediaConverter::size)
                .toArray());
    }

    private static long size(MediaInput input) {
        try {
            return Files.size(((MediaSource.LocalFile) input.source()).path());
        } catch (IOException e) {
            return 0;
        }
    }

    private static String extension(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> ".jpg";
            case VIDEO -> ".mp4";
            case AUDIO -> ".mp3";
        };
    }

    /** Kills conversions still running; later requests are refused as busy. */
    @Override
    public synchronized void close() {
        closed = true;
        if (runner != null) {
            runner.close();
        }
    }
}
