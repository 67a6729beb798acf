package dev.seedancebot.core.media.convert;

import static dev.seedancebot.core.request.RequestValidator.MAX_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MAX_AUDIO_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MAX_CLIP_SECONDS;
import static dev.seedancebot.core.request.RequestValidator.MAX_FPS;
import static dev.seedancebot.core.request.RequestValidator.MAX_IMAGE_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MAX_IMAGE_SIDE;
import static dev.seedancebot.core.request.RequestValidator.MAX_PIXELS;
import static dev.seedancebot.core.request.RequestValidator.MAX_VIDEO_BYTES;
import static dev.seedancebot.core.request.RequestValidator.MIN_ASPECT;
import static dev.seedancebot.core.request.RequestValidator.MIN_CLIP_SECONDS;
import static dev.seedancebot.core.request.RequestValidator.MIN_FPS;
import static dev.seedancebot.core.request.RequestValidator.MIN_IMAGE_SIDE;
import static dev.seedancebot.core.request.RequestValidator.MIN_PIXELS;

import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.ProbeResult;
import dev.seedancebot.core.media.ffmpeg.FfmpegException;
import dev.seedancebot.core.media.ffmpeg.FfmpegRunner;
import dev.seedancebot.core.media.heif.HeifImage;
import dev.seedancebot.core.media.heif.HeifReader;
import dev.seedancebot.core.request.MediaKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns one local file into what Seedance accepts for its kind, or says why it cannot. A file the header prober finds
 * acceptable is kept as it is, byte for byte, without starting a process; anything else is measured with ffprobe and
 * re-encoded with ffmpeg. The aspect ratio and the length are kept: what only cropping or trimming could fix is
 * refused with a message saying so, because only the user knows which part matters.
 *
 * <p>Thread-safe; the runner bounds how many conversions run at once.
 */
final class InputConverter {
    private static final double EPSILON = 1e-3;
    private static final Set<MediaFormat> IMAGE_FORMATS = Set.of(
            MediaFormat.JPEG, MediaFormat.PNG, MediaFormat.WEBP, MediaFormat.BMP, MediaFormat.TIFF, MediaFormat.GIF);
    /** Bits per pixel and frame for H.264 at these sizes: plenty for a reference, far below the 50 MB limit. */
    private static final double BITS_PER_PIXEL = 0.1;
    private static final long MIN_VIDEO_BITRATE = 1_000_000;
    private static final long MAX_VIDEO_BITRATE = 6_000_000;
    /** Longest side of an image recompressed to fit the request body; still sharp enough as a reference. */
    static final int COMPACT_IMAGE_SIDE = 2048;

    /** What became of one input. */
    sealed interface Outcome {}

    /** Acceptable as it is; the original file is used. */
    record Kept() implements Outcome {}

    /** Replaced by {@code file}; {@code note} tells the user what was done. */
    record Replaced(Path file, String note) implements Outcome {}

    /** Cannot be made acceptable; {@code problem} says what to fix. */
    record Refused(String problem) implements Outcome {}

    private final Supplier<FfmpegRunner> runner;
    private final MediaProber prober;
    private final Duration limit;

    InputConverter(Supplier<FfmpegRunner> runner, MediaProber prober, Duration limit) {
        this.runner = runner;
        this.prober = prober;
        this.limit = limit;
    }

    /** Converts {@code source}, an input of {@code kind} named {@code name}, writing any new file as {@code target}. */
    Outcome convert(MediaKind kind, String name, Path source, Path target) throws FfmpegException {
        ProbeResult probed = prober.probe(source);
        if (probed instanceof MediaInfo info && acceptable(kind, info) || leftToValidator(kind, probed)) {
            return new Kept();
        }
        StreamFacts facts = facts(source);
        return switch (kind) {
            case VIDEO -> video(name, source, facts, target);
            case IMAGE -> image(name, source, facts, probed.format(), target);
            case AUDIO -> audio(name, source, facts, target);
        };
    }

    /**
     * Empty and missing files, and damaged files of the input's own kind, are the validator's to explain: it says
     * precisely what is wrong, where a conversion could only fail or salvage part of a broken upload.
     */
    private static boolean leftToValidator(MediaKind kind, ProbeResult probed) {
        if (probed instanceof ProbeResult.Unreadable unreadable) {
            switch (unreadable.reason()) {
                case EMPTY, NOT_FOUND -> {
                    return true;
                }
                case TRUNCATED, CORRUPT -> {
                    if (unreadable.format().kind().name().equals(kind.name())) {
                        return true;
                    }
                }
                default -> {
                    // unrecognised or too large: ffmpeg may read what the header prober cannot
                }
            }
        }
        return otherKind(kind, probed.format());
    }

    /**
     * A file recognised as another kind is left for the validator to call the wrong kind: a still taken from a video
     * or a picture made into a clip would not be what the user meant. Sound taken from an MP4 or MOV (an M4A file is
     * one) is what an audio input means, so that is converted.
     */
    private static boolean otherKind(MediaKind kind, MediaFormat format) {
        MediaFormat.Kind found = format.kind();
        if (found == MediaFormat.Kind.UNKNOWN || found.name().equals(kind.name())) {
            return false;
        }
        return !(kind == MediaKind.AUDIO && found == MediaFormat.Kind.VIDEO);
    }

    /** Whether Seedance takes {@code info} for {@code kind} as it is (the rules of {@code RequestValidator}). */
    static boolean acceptable(MediaKind kind, MediaInfo info) {
        return switch (kind) {
            case IMAGE -> IMAGE_FORMATS.contains(info.format()) && info.sizeBytes() <= MAX_IMAGE_BYTES
                    && Math.min(info.width(), info.height()) >= MIN_IMAGE_SIDE
                    && Math.max(info.width(), info.height()) <= MAX_IMAGE_SIDE && aspectOk(info.aspectRatio());
            case VIDEO -> (info.format() == MediaFormat.MP4 || info.format() == MediaFormat.MOV)
                    && info.sizeBytes() <= MAX_VIDEO_BYTES && lengthOk(info.durationSeconds())
                    && info.pixels() >= MIN_PIXELS && info.pixels() <= MAX_PIXELS && aspectOk(info.aspectRatio())
                    && (info.fps() == null || info.fps() >= MIN_FPS - EPSILON && info.fps() <= MAX_FPS + EPSILON);
            case AUDIO -> (info.format() == MediaFormat.MP3 || info.format() == MediaFormat.WAV)
                    && info.sizeBytes() <= MAX_AUDIO_BYTES && lengthOk(info.durationSeconds());
        };
    }

    private Outcome video(String name, Path source, StreamFacts facts, Path target) throws FfmpegException {
        if (facts == null || !facts.hasVideo() || facts.width() == 0) {
            return new Refused(ConversionTexts.unreadable(name, "video"));
        }
        Outcome refusal = refuseLength(name, "video", facts.seconds());
        if (refusal == null) {
            refusal = refuseAspect(name, facts.width(), facts.height());
        }
        if (refusal != null) {
            return refusal;
        }
        int[] size = videoSize(facts.width(), facts.height());
        double fps = facts.fps() <= 0 ? 30 : Math.max(MIN_FPS, Math.min(MAX_FPS, facts.fps()));
        boolean newRate = Math.abs(fps - facts.fps()) > EPSILON;
        long bitrate = Math.round(Math.max(MIN_VIDEO_BITRATE, Math.min(MAX_VIDEO_BITRATE,
                (double) size[0] * size[1] * fps * BITS_PER_PIXEL)));
        // the picture is turned upright first (ffmpeg applies a phone's rotation), so the size is the displayed one
        String filters = "scale=" + size[0] + ":" + size[1] + ":flags=bicubic,setsar=1"
                + (newRate ? ",fps=" + ConversionTexts.number(fps) : "");
        List<String> args = new ArrayList<>(List.of("-i", source.toString(), "-map", "0:v:0", "-map", "0:a:0?",
                "-vf", filters, "-c:v", "libopenh264", "-b:v", String.valueOf(bitrate), "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-movflags", "+faststart", "-f", "mp4",
                target.toString()));
        return encoded(MediaKind.VIDEO, name, args, target,
                ConversionTexts.videoConverted(name, facts, size[0], size[1], fps));
    }

    private Outcome image(String name, Path source, StreamFacts facts, MediaFormat format, Path target)
            throws FfmpegException {
        if (facts == null || !facts.hasVideo() || facts.width() == 0) {
            // ffmpeg 6.1 reads AVIF itself but not HEIC; for that we find the HEVC pictures in the file ourselves
            return format == MediaFormat.HEIF ? heif(name, source, target)
                    : new Refused(ConversionTexts.unreadable(name, "image"));
        }
        Outcome refusal = refuseAspect(name, facts.width(), facts.height());
        if (refusal != null) {
            return refusal;
        }
        int[] size = imageSize(facts.width(), facts.height(), MAX_IMAGE_SIDE);
        return jpeg(name, source, size, 2, target, ConversionTexts.imageConverted(name, facts, size[0], size[1]));
    }

    /**
     * A HEIC photo: its HEVC tiles written as a raw stream beside the target, decoded by ffmpeg and put together,
     * turned upright and scaled by its filters. What {@link HeifReader} cannot read is refused.
     */
    private Outcome heif(String name, Path source, Path target) throws FfmpegException {
        Path stream = target.resolveSibling(target.getFileName() + ".hevc");
        try {
            HeifImage heif;
            try {
                heif = HeifReader.read(source);
                heif.writeAnnexB(source, stream);
            } catch (IOException e) {
                return new Refused(ConversionTexts.heifUnreadable(name));
            }
            StreamFacts facts = new StreamFacts("HEIC", "hevc", heif.displayWidth(), heif.displayHeight(), 0, null,
                    0);
            Outcome refusal = refuseAspect(name, facts.width(), facts.height());
            if (refusal != null) {
                return refusal;
            }
            int[] size = imageSize(facts.width(), facts.height(), MAX_IMAGE_SIDE);
            return jpeg(name, List.of("-f", "hevc", "-i", stream.toString()), heif.filters() + ",", size, 2, target,
                    ConversionTexts.imageConverted(name, facts, size[0], size[1]));
        } finally {
            try {
                Files.deleteIfExists(stream);
            } catch (IOException ignored) {
                // the scratch folder is removed with the request
            }
        }
    }

    /** A JPEG of {@code size} at ffmpeg quality {@code quality} (2 is near lossless, 31 the worst). */
    Outcome jpeg(String name, Path source, int[] size, int quality, Path target, String note)
            throws FfmpegException {
        return jpeg(name, List.of("-i", source.toString()), "", size, quality, target, note);
    }

    /** {@code input} is ffmpeg's input arguments; {@code filters} come before the scaling, ending in a comma. */
    private Outcome jpeg(String name, List<String> input, String filters, int[] size, int quality, Path target,
            String note) throws FfmpegException {
        List<String> args = new ArrayList<>(input);
        args.addAll(List.of("-frames:v", "1", "-vf",
                filters + "scale=" + size[0] + ":" + size[1] + ":flags=lanczos", "-pix_fmt", "yuvj420p", "-q:v",
                String.valueOf(quality), "-update", "1", "-f", "image2", "-c:v", "mjpeg", target.toString()));
        return encoded(MediaKind.IMAGE, name, args, target, note);
    }

    private Outcome audio(String name, Path source, StreamFacts facts, Path target) throws FfmpegException {
        if (facts == null) {
            return new Refused(ConversionTexts.unreadable(name, "audio"));
        }
        if (!facts.hasAudio()) {
            return new Refused(ConversionTexts.noSound(name));
        }
        Outcome refusal = refuseLength(name, "audio", facts.seconds());
        if (refusal != null) {
            return refusal;
        }
        return mp3(name, source, target, ConversionTexts.audioConverted(name, facts));
    }

    /** The first audio stream as a 128 kbps MP3 at 44.1 kHz: about 16 KB a second, a quarter MB for 15 s. */
    Outcome mp3(String name, Path source, Path target, String note) throws FfmpegException {
        List<String> args = List.of("-i", source.toString(), "-map", "0:a:0", "-vn", "-c:a", "libmp3lame", "-b:a",
                "128k", "-ar", "44100", "-f", "mp3", target.toString());
        return encoded(MediaKind.AUDIO, name, args, target, note);
    }

    /** Runs ffmpeg and checks its output with the same prober the validator uses, so a bad encode is never sent. */
    private Outcome encoded(MediaKind kind, String name, List<String> args, Path target, String note)
            throws FfmpegException {
        FfmpegRunner.Result result = runner.get().ffmpeg(args, limit);
        if (result.ok() && prober.probe(target) instanceof MediaInfo info && acceptable(kind, info)) {
            return new Replaced(target, note);
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException ignored) {
            // the scratch folder is removed with the request
        }
        return new Refused(ConversionTexts.failed(name));
    }

    /** ffprobe's view of the file, or null when ffprobe cannot read it at all. */
    private StreamFacts facts(Path source) throws FfmpegException {
        FfmpegRunner.Result result = runner.get().ffprobe(source, List.of("-show_format", "-show_streams"), limit);
        if (!result.ok()) {
            return null;
        }
        try {
            return StreamFacts.parse(result.stdout());
        } catch (IOException e) {
            return null;
        }
    }

    private static Outcome refuseLength(String name, String kind, double seconds) {
        if (seconds > MAX_CLIP_SECONDS + EPSILON) {
            return new Refused(ConversionTexts.tooLong(name, kind, seconds));
        }
        if (seconds < MIN_CLIP_SECONDS - EPSILON) {
            return new Refused(ConversionTexts.tooShort(name, kind, seconds));
        }
        return null;
    }

    private static Outcome refuseAspect(String name, int width, int height) {
        return aspectOk((double) width / height) ? null : new Refused(ConversionTexts.aspect(name, width, height));
    }

    private static boolean aspectOk(double aspect) {
        return aspect >= MIN_ASPECT - EPSILON && aspect <= MAX_ASPECT + EPSILON;
    }

    private static boolean lengthOk(double seconds) {
        return seconds >= MIN_CLIP_SECONDS - EPSILON && seconds <= MAX_CLIP_SECONDS + EPSILON;
    }

    /**
     * The frame size with Seedance's pixel count, keeping the aspect: scaled down to at most {@code MAX_PIXELS} or up
     * to at least {@code MIN_PIXELS}, both sides multiples of 8 (1920×1080 and 3840×2160 become 1280×720, 640×360
     * becomes 856×480), or of 2 where 8 would leave the range.
     */
    static int[] videoSize(int width, int height) {
        long pixels = (long) width * height;
        double scale = pixels > MAX_PIXELS ? Math.sqrt((double) MAX_PIXELS / pixels)
                : pixels < MIN_PIXELS ? Math.sqrt((double) MIN_PIXELS / pixels) : 1;
        boolean up = scale > 1;
        for (int step : new int[] {8, 2}) {
            int w = round(width * scale, step, up);
            int h = round(height * scale, step, up);
            long p = (long) w * h;
            if (p >= MIN_PIXELS && p <= MAX_PIXELS) {
                return new int[] {w, h};
            }
        }
        return new int[] {round(width * scale, 2, false), round(height * scale, 2, false)};
    }

    private static int round(double value, int step, boolean up) {
        double steps = value / step;
        return (int) (up ? Math.ceil(steps - 1e-9) : Math.floor(steps + 1e-9)) * step;
    }

    /** The image size with both sides within 300 and {@code maxSide} px, keeping the aspect. */
    static int[] imageSize(int width, int height, int maxSide) {
        double scale = 1;
        if (Math.max(width, height) > maxSide) {
            scale = (double) maxSide / Math.max(width, height);
        }
        if (Math.min(width, height) * scale < MIN_IMAGE_SIDE) {
            scale = (double) MIN_IMAGE_SIDE / Math.min(width, height);
        }
        // rounding may leave the short side a pixel short of the minimum
        return new int[] {Math.max(MIN_IMAGE_SIDE, (int) Math.round(width * scale)),
            Math.max(MIN_IMAGE_SIDE, (int) Math.round(height * scale))};
    }
}
