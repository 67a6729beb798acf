package dev.seedancebot.core.request;

import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.media.MediaInfo;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.media.ProbeResult;
import dev.seedancebot.core.media.ProbeResult.Unreadable;
import java.io.IOException;
import java.net.URI;
import java.lang.Character.UnicodeScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a {@link VideoRequest} against Seedance 2.0 Mini's input rules (API-NOTES §3) before anything is charged or
 * sent, and reports every broken rule at once in words a chat user can act on (texts in {@link ValidationMessages}).
 * Local files are probed from their bytes; remote URLs cannot be probed, so only role and count rules apply to them.
 *
 * <p>Sizes are binary megabytes (1 MB = 1,048,576 bytes), as chat clients count them. Thread-safe if the prober is.
 */
public final class RequestValidator {

    static final int MAX_PROMPT_CHARS = 5000;
    static final int RECOMMENDED_WORDS = 1000;
    static final int RECOMMENDED_HAN_CHARS = 500;

    static final int MAX_IMAGES = 9;
    static final int MAX_VIDEOS = 3;
    static final int MAX_AUDIOS = 3;

    public static final long MAX_IMAGE_BYTES = 30L * 1024 * 1024;
    public static final long MAX_VIDEO_BYTES = 50L * 1024 * 1024;
    public static final long MAX_AUDIO_BYTES = 15L * 1024 * 1024;
    /**
     * The create call's body. Seedance documents 64 MB, but the gateway in front of it answers 413 above 32 MB, so
     * that is the limit that holds.
     */
    public static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    /** Inputs of all roles together: Seedance's own interface caps a request at 12 files. */
    public static final int MAX_FILES = 12;

    public static final int MIN_IMAGE_SIDE = 300;
    public static final int MAX_IMAGE_SIDE = 6000;
    public static final double MIN_ASPECT = 0.4;
    public static final double MAX_ASPECT = 2.5;

    public static final int MIN_CLIP_SECONDS = 2;
    public static final int MAX_CLIP_SECONDS = 15;
    public static final long MIN_PIXELS = 409_600;
    public static final long MAX_PIXELS = 927_408;
    public static final int MIN_FPS = 24;
    public static final int MAX_FPS = 60;

    /** Absorbs rounding in container time scales, so a clip stored as 15.0000001 s is still 15 s. */
    private static final double EPSILON = 1e-3;

    /** JSON, model name and options around the media; generous on purpose. */
    private static final long BODY_OVERHEAD_BYTES = 8 * 1024;

    /** Per data URI: the {@code data:<mime>;base64,} prefix and the JSON around it. */
    private static final long DATA_URI_OVERHEAD_BYTES = 128;

    /** Public constants above are Seedance's rules, shared with the converter that makes inputs meet them. */

    private static final Set<MediaFormat> IMAGE_FORMATS = Set.of(
            MediaFormat.JPEG, MediaFormat.PNG, MediaFormat.WEBP, MediaFormat.BMP, MediaFormat.TIFF, MediaFormat.GIF);
    private static final Set<MediaFormat> VIDEO_FORMATS = Set.of(MediaFormat.MP4, MediaFormat.MOV);
    private static final Set<MediaFormat> AUDIO_FORMATS = Set.of(MediaFormat.WAV, MediaFormat.MP3);

    private final MediaProber prober;

    public RequestValidator(MediaProber prober) {
        this.prober = Objects.requireNonNull(prober, "prober");
    }

    /** Validates {@code request}; never throws for bad input, however broken the files are. */
    public ValidationResult validate(VideoRequest request) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        checkOptions(request, problems);
        checkPrompt(request, problems, warnings);
        checkRoles(request, problems);
        Map<MediaInput, MediaInfo> probed = checkFiles(request, problems);
        checkTotals(request, probed, problems);
        return new ValidationResult(problems, warnings, probed);
    }

    private static void checkOptions(VideoRequest request, List<String> problems) {
        int duration = request.options().durationSeconds();
        if (duration < VideoOptions.MIN_DURATION || duration > VideoOptions.MAX_DURATION) {
            problems.add(ValidationMessages.duration(duration));
        }
        if (request.options().webSearch() && !request.media().isEmpty()) {
            problems.add(ValidationMessages.webSearchWithMedia());
        }
    }

    private static void checkPrompt(VideoRequest request, List<String> problems, List<String> warnings) {
        String prompt = request.prompt();
        if (request.intent() == Intent.GENERATE && request.media().isEmpty() && prompt.isEmpty()) {
            problems.add(ValidationMessages.textNeedsPrompt());
        }
        if (request.intent() != Intent.GENERATE && prompt.isEmpty()) {
            problems.add(ValidationMessages.instructionNeeded(request.intent()));
        }
        // Code points, so that an emoji counts as one character as the user sees it.
        int chars = prompt.codePointCount(0, prompt.length());
        if (chars > MAX_PROMPT_CHARS) {
            problems.add(ValidationMessages.promptTooLong(chars));
            return;
        }
        int words = prompt.isEmpty() ? 0 : prompt.split("\\s+").length;
        if (words > RECOMMENDED_WORDS) {
            warnings.add(ValidationMessages.promptManyWords(words));
        }
        int han = (int) prompt.codePoints().filter(c -> UnicodeScript.of(c) == UnicodeScript.HAN).count();
        if (han > RECOMMENDED_HAN_CHARS) {
            warnings.add(ValidationMessages.promptManyHanChars(han));
        }
    }

    private static void checkRoles(VideoRequest request, List<String> problems) {
        Map<MediaRole, List<MediaInput>> byRole = new EnumMap<>(MediaRole.class);
        for (MediaInput input : request.media()) {
            byRole.computeIfAbsent(input.role(), r -> new ArrayList<>()).add(input);
        }
        if (request.media().size() > MAX_FILES) {
            problems.add(ValidationMessages.tooManyFiles(request.media().size()));
        }
        int images = count(byRole, MediaRole.REFERENCE_IMAGE);
        int videos = count(byRole, MediaRole.REFERENCE_VIDEO);
        int audios = count(byRole, MediaRole.REFERENCE_AUDIO);
        if (images > MAX_IMAGES) {
            problems.add(ValidationMessages.tooMany(MediaRole.REFERENCE_IMAGE, images));
        }
        if (videos > MAX_VIDEOS) {
            problems.add(ValidationMessages.tooMany(MediaRole.REFERENCE_VIDEO, videos));
        }
        if (audios > MAX_AUDIOS) {
            problems.add(ValidationMessages.tooMany(MediaRole.REFERENCE_AUDIO, audios));
        }
        for (MediaRole frame : List.of(MediaRole.FIRST_FRAME, MediaRole.LAST_FRAME)) {
            List<MediaInput> frames = byRole.getOrDefault(frame, List.of());
            if (frames.size() > 1) {
                problems.add(ValidationMessages.moreThanOneFrame(
                        frame, frames.stream().map(MediaInput::label).toList()));
            }
        }
        int firsts = count(byRole, MediaRole.FIRST_FRAME);
        int lasts = count(byRole, MediaRole.LAST_FRAME);
        if (lasts > 0 && firsts == 0) {
            MediaInput last = byRole.get(MediaRole.LAST_FRAME).get(0);
            problems.add(ValidationMessages.lastFrameWithoutFirst(
                    ValidationMessages.inputName(last.role(), 1, last.label())));
        }
        if (firsts + lasts > 0 && images + videos + audios > 0) {
            problems.add(ValidationMessages.framesMixedWithReferences());
        }
        if (audios > 0 && images + videos + firsts + lasts == 0) {
            problems.add(ValidationMessages.audioAlone());
        }
        if (request.intent() != Intent.GENERATE && videos != 1) {
            problems.add(ValidationMessages.needsOneVideo(request.intent(), videos));
        }
    }

    private static int count(Map<MediaRole, List<MediaInput>> byRole, MediaRole role) {
        return byRole.getOrDefault(role, List.of()).size();
    }

    /** Probes every input and checks it on its own; returns what could be read. */
    private Map<MediaInput, MediaInfo> checkFiles(VideoRequest request, List<String> problems) {
        Map<MediaInput, MediaInfo> probed = new LinkedHashMap<>();
        Map<MediaRole, Integer> numbers = new EnumMap<>(MediaRole.class);
        List<Seen> seen = new ArrayList<>();
        for (MediaInput input : request.media()) {
            int number = numbers.merge(input.role(), 1, Integer::sum);
            String name = ValidationMessages.inputName(input.role(), number, input.label());
            if (input.source() instanceof MediaSource.RemoteUrl remote) {
                checkRemote(input, remote, name, seen, problems);
                continue;
            }
            Path path = ((MediaSource.LocalFile) input.source()).path();
            ProbeResult result = prober.probe(path);
            String duplicateOf = duplicateOf(input, path, result.sizeBytes(), seen);
            seen.add(new Seen(input.role(), name, path, null, result.sizeBytes()));
            if (duplicateOf != null) {
                problems.add(ValidationMessages.duplicate(name, duplicateOf));
                continue;
            }
            MediaInfo info = checkFile(input.role(), name, result, problems);
            if (info != null) {
                probed.put(input, info);
            }
        }
        return probed;
    }

    /** An input already checked, for duplicate detection. */
    private record Seen(MediaRole role, String name, Path path, URI uri, long sizeBytes) {}

    private static void checkRemote(
            MediaInput input, MediaSource.RemoteUrl remote, String name, List<Seen> seen, List<String> problems) {
        String scheme = remote.uri().getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("asset"))) {
            problems.add(ValidationMessages.remoteScheme(name));
        }
        seen.stream()
                .filter(s -> s.role() == input.role() && remote.uri().equals(s.uri()))
                .findFirst()
                .ifPresent(s -> problems.add(ValidationMessages.duplicate(name, s.name())));
        seen.add(new Seen(input.role(), name, null, remote.uri(), 0));
    }

    /**
     * The name of an earlier input of the same role with the same bytes, or null. Only the same role counts: one
     * image as both first and last frame is a deliberate loop.
     */
    private static String duplicateOf(MediaInput input, Path path, long size, List<Seen> seen) {
        for (Seen earlier : seen) {
            if (earlier.role() != input.role() || earlier.path() == null) {
                continue;
            }
            if (path.toAbsolutePath().normalize().equals(earlier.path().toAbsolutePath().normalize())) {
                return earlier.name();
            }
            boolean comparable = size > 0 && size <= MediaProber.MAX_PROBE_BYTES && size == earlier.sizeBytes();
            if (comparable && sameBytes(path, earlier.path())) {
                return earlier.name();
            }
        }
        return null;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /** Checks one probed file against the rules of its role's kind; returns its info when it could be read. */
    private static MediaInfo checkFile(MediaRole role, String name, ProbeResult result, List<String> problems) {
        MediaFormat format = result.format();
        if (result instanceof Unreadable unreadable) {
            switch (unreadable.reason()) {
                case NOT_FOUND -> problems.add(ValidationMessages.notFound(name));
                case EMPTY -> problems.add(ValidationMessages.empty(name));
                case UNRECOGNISED -> problems.add(ValidationMessages.unrecognised(name, role));
                case TOO_LARGE -> {
                    if (checkKindAndFormat(role, name, format, problems)) {
                        problems.add(ValidationMessages.tooLarge(name, result.sizeBytes(), role, maxBytes(role)));
                    }
                }
                case TRUNCATED, CORRUPT -> {
                    if (checkKindAndFormat(role, name, format, problems)) {
                        problems.add(ValidationMessages.damaged(name, format));
                    }
                }
            }
            return null;
        }
        MediaInfo info = (MediaInfo) result;
        if (!checkKindAndFormat(role, name, format, problems)) {
            return null;
        }
        if (info.sizeBytes() > maxBytes(role)) {
            problems.add(ValidationMessages.tooLarge(name, info.sizeBytes(), role, maxBytes(role)));
        }
        switch (role.kind()) {
            case IMAGE -> checkImage(name, info, problems);
            case VIDEO -> checkVideo(name, info, problems);
            case AUDIO -> checkClipDuration(name, MediaKind.AUDIO, info, problems);
        }
        return info;
    }

    /** False, with a problem added, when the file is not of the role's kind or is a format Seedance refuses. */
    private static boolean checkKindAndFormat(MediaRole role, String name, MediaFormat format, List<String> problems) {
        if (!format.kind().name().equals(role.kind().name())) {
            problems.add(ValidationMessages.wrongKind(name, format));
            return false;
        }
        Set<MediaFormat> accepted = switch (role.kind()) {
            case IMAGE -> IMAGE_FORMATS;
            case VIDEO -> VIDEO_FORMATS;
            case AUDIO -> AUDIO_FORMATS;
        };
        if (!accepted.contains(format)) {
            problems.add(ValidationMessages.formatNotAccepted(name, format, role));
            return false;
        }
        return true;
    }

    private static long maxBytes(MediaRole role) {
        return switch (role.kind()) {
            case IMAGE -> MAX_IMAGE_BYTES;
            case VIDEO -> MAX_VIDEO_BYTES;
            case AUDIO -> MAX_AUDIO_BYTES;
        };
    }

    private static void checkImage(String name, MediaInfo info, List<String> problems) {
        int w = info.width();
        int h = info.height();
        if (Math.min(w, h) < MIN_IMAGE_SIDE || Math.max(w, h) > MAX_IMAGE_SIDE) {
            problems.add(ValidationMessages.imageSide(name, w, h));
        }
        checkAspect(name, info, problems);
    }

    private static void checkVideo(String name, MediaInfo info, List<String> problems) {
        checkClipDuration(name, MediaKind.VIDEO, info, problems);
        if (info.pixels() < MIN_PIXELS || info.pixels() > MAX_PIXELS) {
            problems.add(ValidationMessages.pixels(name, info.width(), info.height()));
        }
        Double fps = info.fps();
        if (fps != null && (fps < MIN_FPS - EPSILON || fps > MAX_FPS + EPSILON)) {
            problems.add(ValidationMessages.fps(name, fps));
        }
        checkAspect(name, info, problems);
    }

    private static void checkAspect(String name, MediaInfo info, List<String> problems) {
        double aspect = info.aspectRatio();
        if (aspect < MIN_ASPECT - EPSILON || aspect > MAX_ASPECT + EPSILON) {
            problems.add(ValidationMessages.aspect(name, info.width(), info.height()));
        }
    }

    private static void checkClipDuration(String name, MediaKind kind, MediaInfo info, List<String> problems) {
        double seconds = info.durationSeconds();
        if (seconds < MIN_CLIP_SECONDS - EPSILON || seconds > MAX_CLIP_SECONDS + EPSILON) {
            problems.add(ValidationMessages.clipDuration(name, kind, seconds));
        }
    }

    /** Rules over all inputs together: total video and audio time, and the size of the create call's body. */
    private static void checkTotals(VideoRequest request, Map<MediaInput, MediaInfo> probed, List<String> problems) {
        for (MediaKind kind : List.of(MediaKind.VIDEO, MediaKind.AUDIO)) {
            List<Map.Entry<MediaInput, MediaInfo>> clips = probed.entrySet().stream()
                    .filter(e -> e.getKey().kind() == kind)
                    .toList();
            double total = clips.stream().mapToDouble(e -> e.getValue().durationSeconds()).sum();
            if (clips.size() > 1 && total > MAX_CLIP_SECONDS + EPSILON) {
                problems.add(ValidationMessages.totalDuration(kind, total, clips.stream()
                        .map(e -> ValidationMessages.durationPart(e.getKey().label(), e.getValue().durationSeconds()))
                        .toList()));
            }
        }
        long body = bodyBytes(request.prompt(), probed.entrySet().stream()
                .filter(e -> e.getKey().kind() != MediaKind.VIDEO)
                .mapToLong(e -> e.getValue().sizeBytes())
                .toArray());
        if (body > MAX_BODY_BYTES) {
            problems.add(ValidationMessages.bodyTooLarge(body));
        }
    }

    /**
     * The create call's body in bytes, estimated from the prompt and the sizes of the files that travel inside it:
     * images and audio as base64 data URIs (4 bytes per 3); videos go as asset references and are not passed.
     */
    public static long bodyBytes(String prompt, long... inlineFileBytes) {
        long body = BODY_OVERHEAD_BYTES + prompt.getBytes(StandardCharsets.UTF_8).length;
        for (long bytes : inlineFileBytes) {
            body += (bytes + 2) / 3 * 4 + DATA_URI_OVERHEAD_BYTES;
        }
        return body;
    }

    /** "reference video 2 (clip.mp4)", as every validation message names an input. */
    public static String inputName(MediaRole role, int number, String label) {
        return ValidationMessages.inputName(role, number, label);
    }
}
