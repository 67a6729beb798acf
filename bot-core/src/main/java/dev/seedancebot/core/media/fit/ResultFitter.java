package dev.seedancebot.core.media.fit;

import dev.seedancebot.core.media.ffmpeg.FfmpegException;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.task.TaskView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how a downloaded result reaches a chat, once for every platform: as it is when it fits the chat's upload
 * limit; re-encoded to fit when it does not (the bitrate from the size budget and the duration, see
 * {@link BitrateRule}; the size checked after encoding, one retry at a lower rate or, when the encoder could not
 * follow the rate at all, at 480p); as the provider's link only when
 * no re-encode reaches the limit. Uploads carry a file name, the video's dimensions and length, and a thumbnail, so
 * that chats show a player instead of a file.
 *
 * <p>Re-encoding uses H.264 through OpenH264 (what the LGPL ffmpeg build has) and AAC, with the MP4 index at the
 * front so that players stream it. Outputs go to the task's folder under a name holding the limit, written under a
 * temporary name and renamed when complete: a delivery repeated after a crash reuses a finished encode and never
 * posts half of one.
 */
public final class ResultFitter {
    private static final Logger log = LoggerFactory.getLogger(ResultFitter.class);
    private static final int THUMB_PX = 320;
    private static final long THUMB_MAX_BYTES = 200 * 1000;
    private static final Duration THUMB_LIMIT = Duration.ofSeconds(20);

    private final FfmpegRunner runner;
    private final VideoProbe probe;
    private final Duration encodeLimit;

    /**
     * @param runner runs ffmpeg for re-encodes and thumbnails; {@code null} when ffmpeg is unavailable: then a result
     *     over the limit goes as a link and uploads have no thumbnail
     * @param encodeLimit the longest one re-encode may take before it is killed (and the link posted)
     */
    public ResultFitter(FfmpegRunner runner, Duration encodeLimit) {
        this.runner = runner;
        this.probe = new VideoProbe(runner);
        this.encodeLimit = encodeLimit;
    }

    /**
     * What to post for {@code task}'s result in {@code file} ({@code sizeBytes}; negative when the result was too
     * large even to download) in a chat that accepts uploads up to {@code limitBytes}; a thumbnail only when the
     * platform wants one.
     */
    public Delivery prepare(TaskView task, Path file, long sizeBytes, long limitBytes, Instant linkExpiresAt,
            boolean withThumbnail) {
        if (sizeBytes < 0) {
            return new Delivery.Link(task.resultUrl(), linkExpiresAt, 0, limitBytes);
        }
        Optional<VideoProbe.Measured> original = probe.measure(file);
        Optional<VideoProbe.Measured> measured = original;
        Path upload = file;
        if (sizeBytes > limitBytes) {
            Optional<Path> fitted = fit(task.id(), file, original, limitBytes);
            if (fitted.isEmpty()) {
                return new Delivery.Link(task.resultUrl(), linkExpiresAt, sizeBytes, limitBytes);
            }
            upload = fitted.get();
            measured = probe.measure(upload).or(() -> original);
        }
        Delivery.VideoFacts facts = measured.map(m -> new Delivery.VideoFacts(m.width(), m.height(),
                (int) Math.round(m.seconds()))).orElse(null);
        return new Delivery.Upload(upload, size(upload), ResultNames.fileName(task.prompt(), task.id()), facts,
                withThumbnail ? thumbnail(upload, measured).orElse(null) : null);
    }

    /** The re-encoded file, under the limit, or empty when it cannot be made to fit. */
    Optional<Path> fit(String taskId, Path source, Optional<VideoProbe.Measured> measured, long limitBytes) {
        if (runner == null || measured.isEmpty()) {
            log.info("task {}: {} cannot be re-encoded ({}); posting the link", taskId, source.getFileName(),
                    runner == null ? "no ffmpeg" : "its length could not be read");
            return Optional.empty();
        }
        Path out = source.resolveSibling("fitted-" + limitBytes + ".mp4");
        if (Files.isRegularFile(out) && size(out) <= limitBytes) {
            return Optional.of(out);
        }
        Path part = source.resolveSibling("fitted-" + limitBytes + ".part");
        int sourceHeight = measured.get().height();
        Optional<BitrateRule.Try> next = BitrateRule.first(limitBytes, measured.get().seconds()).stream()
                .mapToObj(bps -> new BitrateRule.Try(bps, BitrateRule.targetHeight(bps, sourceHeight))).findFirst();
        try {
            for (int attempt = 1; next.isPresent() && attempt <= 2; attempt++) {
                BitrateRule.Try t = next.get();
                long started = System.nanoTime();
                if (!encode(source, part, t)) {
                    return Optional.empty();
                }
                long got = size(part);
                log.info("task {}: re-encoded {} to {} bytes at {} bit/s{} in {} ms (limit {})", taskId,
                        size(source), got, t.videoBps(), t.height() > 0 ? ", " + t.height() + "p" : "",
                        (System.nanoTime() - started) / 1_000_000, limitBytes);
                if (got <= limitBytes) {
                    Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return Optional.of(out);
                }
                next = BitrateRule.retry(t.videoBps(), t.height(), got, limitBytes, sourceHeight);
            }
            log.info("task {}: no re-encode fits {} bytes; posting the link", taskId, limitBytes);
            return Optional.empty();
        } catch (IOException | FfmpegException e) {
            log.warn("task {}: re-encoding to fit {} bytes failed ({}); posting the link", taskId, limitBytes,
                    e.getMessage());
            return Optional.empty();
        } finally {
            deleteQuietly(part);
        }
    }

    private boolean encode(Path source, Path target, BitrateRule.Try t) throws FfmpegException {
        List<String> args = encodeArguments(source, target, t.videoBps(), t.height());
        FfmpegRunner.Result r = runner.ffmpeg(args, encodeLimit);
        if (!r.ok()) {
            log.warn("re-encoding {} failed with exit code {}: {}", source.getFileName(), r.exitCode(), r.stderr());
        }
        return r.ok() && Files.isRegularFile(target);
    }

    /** ffmpeg's arguments for one re-encode (the benchmark runs the same ones without Java around them). */
    static List<String> encodeArguments(Path source, Path target, long videoBps, int height) {
        List<String> args = new ArrayList<>(List.of("-i", source.toAbsolutePath().toString(),
                "-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn", "-map_metadata", "-1",
                "-c:v", "libopenh264", "-b:v", Long.toString(videoBps),
                "-maxrate", Long.toString(videoBps), "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", Long.toString(BitrateRule.AUDIO_BPS)));
        if (height > 0) {
            args.addAll(List.of("-vf", "scale=-2:" + height));
        }
        // the index in front lets players start before the whole file has arrived
        args.addAll(List.of("-movflags", "+faststart", "-f", "mp4", target.toAbsolutePath().toString()));
        return args;
    }

    /**
     * One frame as a JPEG of at most 320 px a side and 200 kB (Telegram ignores larger thumbnails), taken a second
     * in (or halfway into a shorter clip) since first frames are often black.
     */
    Optional<Path> thumbnail(Path video, Optional<VideoProbe.Measured> measured) {
        if (runner == null) {
            return Optional.empty();
        }
        Path out = video.resolveSibling(video.getFileName() + ".thumb.jpg");
        double at = measured.map(m -> Math.min(1.0, m.seconds() / 2)).orElse(0.0);
        try {
            for (int quality : new int[] {4, 12}) {
                FfmpegRunner.Result r = runner.ffmpeg(List.of("-ss", String.format(java.util.Locale.ROOT, "%.3f", at),
                        "-i", video.toAbsolutePath().toString(), "-frames:v", "1", "-an",
                        "-vf", "scale=" + THUMB_PX + ":" + THUMB_PX + ":force_original_aspect_ratio=decrease",
                        "-q:v", Integer.toString(quality), "-f", "mjpeg", out.toAbsolutePath().toString()),
                        THUMB_LIMIT);
                if (r.ok() && Files.isRegularFile(out) && size(out) > 0 && size(out) <= THUMB_MAX_BYTES) {
                    return Optional.of(out);
                }
            }
        } catch (FfmpegException e) {
            log.warn("no thumbnail for {}: {}", video.getFileName(), e.getMessage());
        }
        deleteQuietly(out);
        return Optional.empty();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the task's folder goes with the retention sweep
        }
    }
}
