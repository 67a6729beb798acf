package dev.seedancebot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedancebot.app.console.ProgressLine;
import dev.seedancebot.app.logging.LogSetup;
import dev.seedancebot.core.generation.ErrorKind;
import dev.seedancebot.core.generation.GenerationException;
import dev.seedancebot.core.generation.GenerationStatus;
import dev.seedancebot.core.generation.VideoGenerator;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.MediaProber;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.RequestValidator;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.ValidationResult;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.core.seedance.SeedanceClient;
import dev.seedancebot.core.seedance.SeedanceSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code generate}: one video from the terminal, straight to the provider (no quota: it is the operator's own
 * command). Validates with the same rules as the bot, shows live progress and saves the MP4.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Makes one video and saves it as an MP4. The API key comes only from the environment:"
                    + " SEEDANCE_API_KEY (or SEEDANCE_API_KEY_FILE naming a file that holds it).",
            "Inputs are local files or https:// / asset:// URLs."
        },
        footer = {
            "",
            "Examples:",
            "  seedance-bot generate \"a paper boat on a rainy street\" --duration 5 --out out/",
            "  seedance-bot generate \"the cat jumps\" --first-frame cat.png --last-frame landed.png",
            "  seedance-bot generate \"@image1 dances to @audio1\" --image me.png --audio beat.mp3 --ratio 9:16",
            "  seedance-bot generate \"make it snow\" --edit clip.mp4"
        })
final class GenerateCommand implements Callable<Integer> {
    static final UserKey OPERATOR = new UserKey(Platform.CONSOLE, "operator");
    static final ChatRef TERMINAL = ChatRef.of(Platform.CONSOLE, null, "terminal");

    private final Cli cli;

    @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "What should happen (or use --prompt).")
    private List<String> promptWords = new ArrayList<>();

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt, instead of the positional words.")
    private String prompt;

    @Option(names = "--first-frame", paramLabel = "IMAGE", description = "Image the video starts with.")
    private String firstFrame;

    @Option(names = "--last-frame", paramLabel = "IMAGE",
            description = "Image the video ends with (needs --first-frame).")
    private String lastFrame;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Reference image (repeatable; @image1, @image2...).")
    private List<String> images = new ArrayList<>();

    @Option(names = "--video", paramLabel = "VIDEO", description = "Reference video (repeatable; @video1...).")
    private List<String> videos = new ArrayList<>();

    @Option(names = "--audio", paramLabel = "AUDIO", description = "Reference audio (repeatable; @audio1...).")
    private List<String> audios = new ArrayList<>();

    @Option(names = "--edit", paramLabel = "VIDEO", description = "Edit this video following the prompt.")
    private String edit;

    @Option(names = "--extend", paramLabel = "VIDEO", description = "Extend this video with what the prompt describes.")
    private String extend;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Length in whole seconds, 4-15 (default 5).")
    private Integer duration;

    @Option(names = "--ratio", paramLabel = "RATIO",
            description = "16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive (default).")
    private String ratio;

    @Option(names = "--resolution", paramLabel = "RES", description = "480p or 720p (default).")
    private String resolution;

    @Option(names = "--no-audio", description = "Make a silent video.")
    private boolean noAudio;

    @Option(names = "--web-search", description = "Let the model search the web (text-to-video only).")
    private boolean webSearch;

    @Option(names = "--watermark", description = "Add the provider's watermark.")
    private boolean watermark;

    @Option(names = "--out", paramLabel = "FILE|DIR",
            description = "Where to save the MP4: a file, or a directory for <task>.mp4 (default: here).")
    private Path out;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Provider base URL (default: SEEDANCE_BASE_URL, else "
                    + SeedanceSettings.DEFAULT_BASE_URL + ").")
    private String baseUrl;

    @Option(names = "--poll-interval", paramLabel = "DURATION", hidden = true, defaultValue = "5s",
            description = "Pause between two status checks.")
    private String pollInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h",
            description = "Give up waiting after this long (the provider keeps working; default ${DEFAULT-VALUE}).")
    private String timeout;

    @Option(names = "--verbose", description = "Show the bot's log lines.")
    private boolean verbose;

    GenerateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        LogSetup.rootLevel(verbose ? "DEBUG" : "WARN");
        Duration every = CommandSupport.duration(pollInterval, "--poll-interval");
        Duration limit = CommandSupport.duration(timeout, "--timeout");
        VideoRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            cli.err().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        ValidationResult validation = new RequestValidator(new MediaProber()).validate(request);
        validation.warnings().forEach(w -> cli.err().println("Note: " + w));
        if (!validation.ok()) {
            cli.err().println("Input rejected (nothing was sent or charged):");
            validation.problems().forEach(p -> cli.err().println("  - " + p));
            return ExitCodes.INPUT_REJECTED;
        }
        String key = CommandSupport.apiKey(cli.env());
        if (key == null) {
            cli.err().println("No API key: set SEEDANCE_API_KEY (or SEEDANCE_API_KEY_FILE=/path/to/file). It is never"
                    + " taken from the command line, where other users and shell history could see it.");
            return ExitCodes.USAGE;
        }
        LogSetup.registerSecrets(List.of(key));
        String base = baseUrl != null ? baseUrl : cli.env().getOrDefault("SEEDANCE_BASE_URL",
                SeedanceSettings.DEFAULT_BASE_URL);
        SeedanceSettings settings;
        try {
            settings = SeedanceSettings.defaults(key).withBaseUrl(base);
        } catch (IllegalArgumentException e) {
            cli.err().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        OkHttpClient http = new OkHttpClient();
        try {
            return generate(new SeedanceClient(http, new ObjectMapper(), settings), request, every, limit,
                    settings.maxResultBytes());
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private int generate(
            VideoGenerator generator, VideoRequest request, Duration every, Duration limit, long maxBytes) {
        Instant started = Instant.now();
        String taskId;
        try {
            cli.out().println("Sending " + request.mode().description() + " (" + describe(request.options()) + ")...");
            taskId = generator.create(request);
        } catch (GenerationException e) {
            return refused("Seedance did not accept the request", e);
        }
        cli.out().println("Seedance task " + taskId + " created.");
        Thread hook = new Thread(() -> cli.err().println(System.lineSeparator() + "Interrupted. Seedance task " + taskId
                + " keeps running at the provider (and is billed), but this command cannot pick it up again."));
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressLine line = new ProgressLine(cli.out(), cli.interactive());
        try {
            while (true) {
                Duration elapsed = Duration.between(started, Instant.now());
                if (elapsed.compareTo(limit) > 0) {
                    line.finish();
                    cli.err().println("Gave up waiting after " + CommandSupport.clock(elapsed) + "; Seedance task "
                            + taskId + " may still finish.");
                    return ExitCodes.GENERATION_FAILED;
                }
                GenerationStatus status;
                try {
                    status = generator.poll(taskId);
                } catch (GenerationException e) {
                    if (e.retryable()) {
                        line.update("Status check failed (" + e.kind() + "), retrying... "
                                + CommandSupport.clock(elapsed));
                        Thread.sleep(every.toMillis());
                        continue;
                    }
                    line.finish();
                    return refused("Seedance task " + taskId + " could not be followed", e);
                }
                if (status instanceof GenerationStatus.Pending pending) {
                    String state = pending.state().isEmpty() ? "waiting" : pending.state().toLowerCase(Locale.ROOT);
                    line.update("[" + bar(pending.progressPercent()) + "] " + pending.progressPercent() + "% " + state
                            + " · " + CommandSupport.clock(elapsed));
                    Thread.sleep(every.toMillis());
                } else if (status instanceof GenerationStatus.Failed failed) {
                    line.finish();
                    cli.err().println("The video failed: " + failed.kind().userMessage()
                            + (failed.message().isBlank() ? "" : " (" + failed.message() + ")")
                            + " Seedance does not bill failed videos.");
                    return failed.kind() == ErrorKind.INPUT_MODERATION
                            ? ExitCodes.INPUT_REJECTED
                            : ExitCodes.GENERATION_FAILED;
                } else if (status instanceof GenerationStatus.Succeeded done) {
                    line.update("[" + bar(100) + "] 100% done · " + CommandSupport.clock(elapsed));
                    line.finish();
                    return save(generator, taskId, done.videoUrl(), started, maxBytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            line.finish();
            return ExitCodes.INTERRUPTED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the JVM is exiting on a signal, and the hook tells the user
            }
        }
    }

    private int save(VideoGenerator generator, String taskId, URI url, Instant started, long maxBytes) {
        Path target = target(taskId);
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            long bytes = generator.download(url, target, maxBytes);
            cli.out().println("Saved " + target + " (" + CommandSupport.size(bytes) + ") after "
                    + CommandSupport.clock(Duration.between(started, Instant.now())) + ".");
            return ExitCodes.OK;
        } catch (GenerationException e) {
            cli.err().println("The video was made but could not be downloaded: " + e.kind().userMessage() + " Link: "
                    + url);
            return ExitCodes.GENERATION_FAILED;
        } catch (IOException e) {
            cli.err().println("Cannot write " + target + ": " + e.getMessage());
            return ExitCodes.GENERATION_FAILED;
        }
    }

    private int refused(String what, GenerationException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
        cli.err().println(what + ": " + e.kind().userMessage() + detail);
        return switch (e.kind()) {
            case AUTHENTICATION, INSUFFICIENT_BALANCE -> ExitCodes.PROVIDER_REFUSED;
            case INVALID_REQUEST, INPUT_MODERATION, ASSET_FAILED -> ExitCodes.INPUT_REJECTED;
            default -> ExitCodes.GENERATION_FAILED;
        };
    }

    /** Builds the request from the options; a malformed option value throws with a message naming it. */
    VideoRequest request() {
        if (prompt != null && !promptWords.isEmpty()) {
            throw new IllegalArgumentException("Give the prompt either as words or with --prompt, not both.");
        }
        if (edit != null && extend != null) {
            throw new IllegalArgumentException("Use --edit or --extend, not both.");
        }
        String text = prompt != null ? prompt : String.join(" ", promptWords);
        VideoOptions options = options();
        List<MediaInput> media = new ArrayList<>();
        Intent intent = Intent.GENERATE;
        if (edit != null || extend != null) {
            intent = edit != null ? Intent.EDIT : Intent.EXTEND;
            media.add(input(MediaRole.REFERENCE_VIDEO, edit != null ? edit : extend));
        }
        if (firstFrame != null) {
            media.add(input(MediaRole.FIRST_FRAME, firstFrame));
        }
        if (lastFrame != null) {
            media.add(input(MediaRole.LAST_FRAME, lastFrame));
        }
        images.forEach(i -> media.add(input(MediaRole.REFERENCE_IMAGE, i)));
        videos.forEach(v -> media.add(input(MediaRole.REFERENCE_VIDEO, v)));
        audios.forEach(a -> media.add(input(MediaRole.REFERENCE_AUDIO, a)));
        return new VideoRequest(text, media, options, intent, OPERATOR, TERMINAL);
    }

    private VideoOptions options() {
        VideoOptions options = VideoOptions.DEFAULTS;
        if (duration != null) {
            options = options.withDuration(duration);
        }
        if (ratio != null) {
            options = options.withRatio(AspectRatio.parse(ratio).orElseThrow(() -> new IllegalArgumentException(
                    "--ratio " + ratio + " is not a ratio; use 16:9, 4:3, 1:1, 3:4, 9:16, 21:9 or adaptive.")));
        }
        if (resolution != null) {
            options = options.withResolution(Resolution.parse(resolution).orElseThrow(() ->
                    new IllegalArgumentException(
                            "--resolution " + resolution + " is not supported; use 480p or 720p.")));
        }
        return options.withGenerateAudio(!noAudio).withWebSearch(webSearch).withWatermark(watermark);
    }

    private static MediaInput input(MediaRole role, String where) {
        if (where.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
            URI uri = URI.create(where);
            String path = uri.getPath() == null ? "" : uri.getPath();
            String label = path.isEmpty() || path.equals("/") ? where : path.substring(path.lastIndexOf('/') + 1);
            return new MediaInput(role, new MediaSource.RemoteUrl(uri), label);
        }
        Path file = Path.of(where);
        return new MediaInput(role, new MediaSource.LocalFile(file), file.getFileName().toString());
    }

    private Path target(String taskId) {
        String name = taskId.replaceAll("[^A-Za-z0-9._-]", "_") + ".mp4";
        if (out == null) {
            return Path.of(name);
        }
        // "out/" loses its slash in a Path, so anything that is not named *.mp4 is taken for a directory
        boolean file = !Files.isDirectory(out)
                && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mp4");
        return file ? out : out.resolve(name);
    }

    private static String describe(VideoOptions o) {
        return o.durationSeconds() + " s, " + o.resolution().wireName() + ", " + o.ratio().wireName()
                + (o.generateAudio() ? ", with audio" : ", silent");
    }

    private static String bar(int percent) {
        int filled = Math.max(0, Math.min(20, percent / 5));
        return "#".repeat(filled) + ".".repeat(20 - filled);
    }
}
