package dev.seedancebot.app.console;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.command.HelpText;
import dev.seedancebot.core.command.ModCommandParser;
import dev.seedancebot.core.command.VideoCommandParser;
import dev.seedancebot.core.engine.SubmitOutcome;
import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.MediaFormat;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.ChatPorts;
import dev.seedancebot.core.ports.in.PlaceNames;
import dev.seedancebot.core.request.Intent;
import dev.seedancebot.core.request.MediaKind;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.task.TaskState;
import dev.seedancebot.core.task.TaskView;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The demo's chat: one person at the terminal typing the same commands as in Telegram ({@code /video}, {@code
 * /extend}, {@code /quota}, {@code /videomod}, {@code /help}) plus {@code /quit}. Files are given as paths, either
 * bare or after {@code --image}, {@code --video} or {@code --audio}. The person is the operator, so moderator
 * commands are allowed. Reads commands on the calling thread; results arrive through {@link ConsoleAdapter}.
 */
public final class ConsoleChat {
    /** Who types in the demo. */
    public static final UserKey USER = new UserKey(Platform.CONSOLE, "demo");

    private static final ChatRef CHAT = ChatRef.of(Platform.CONSOLE, null, "terminal");
    private static final Pattern MEDIA_NAME =
            Pattern.compile("(?i).+\\.(png|jpe?g|webp|gif|bmp|tiff?|heic|mp4|mov|m4v|mp3|wav|m4a|aac|ogg|flac)");
    private static final long WAIT_STEP_MILLIS = 100;

    private final CoreAssembly core;
    private final InputStream in;
    private final PrintStream out;
    private final boolean interactive;
    private final VideoCommandParser videos = new VideoCommandParser();
    private final ModCommandParser mods = new ModCommandParser();
    private final ChatPorts ports;
    private final Actor actor = Actor.direct(USER);
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    public ConsoleChat(CoreAssembly core, InputStream in, PrintStream out, boolean interactive) {
        this.core = core;
        this.in = in;
        this.out = out;
        this.interactive = interactive;
        this.ports = core.ports();
    }

    /**
     * Reads commands until {@code /quit} or the end of input, then (without a person at the terminal) waits until
     * every video asked for in this session has finished.
     *
     * @return {@code true} when every such video was delivered
     */
    public boolean run() throws IOException, InterruptedException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        if (interactive) {
            say("Seedance demo: type /help for the commands, /quit to leave. Videos are saved as they finish.");
        }
        boolean quit = false;
        while (!quit) {
            if (interactive) {
                out.print("> ");
                out.flush();
            }
            String line = reader.readLine();
            if (line == null) {
                break;
            }
            quit = handle(line.strip());
        }
        if (!quit || !interactive) {
            awaitSessionTasks();
        }
        return accepted.stream().map(id -> core.engine().task(id)).flatMap(Optional::stream)
                .allMatch(t -> t.state() == TaskState.DELIVERED);
    }

    /** Runs one line; returns {@code true} for {@code /quit}. */
    boolean handle(String line) {
        if (line.isEmpty()) {
            return false;
        }
        if (!interactive) {
            say("> " + line);
        }
        String command = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        String rest = line.length() > command.length() ? line.substring(command.length()).strip() : "";
        switch (command) {
            case "/video" -> video(rest);
            case "/extend" -> extend(rest);
            case "/quota" -> say(ports.quota().quota(actor).text());
            case "/videomod" -> say(moderate(rest));
            case "/help" -> say(HelpText.render(true) + "\n\nIn this demo, give files as paths: /video @image1 waves"
                    + " --image ./cat.png\n/quit — leave the demo");
            case "/quit", "/exit" -> {
                return true;
            }
            default -> say("Commands start with /video, /extend, /quota, /videomod or /help (/quit to leave).");
        }
        return false;
    }

    private void video(String text) {
        Verdict admitted = ports.requests().admit(actor);
        if (admitted instanceof Verdict.Refused refused) {
            say(refused.text());
            return;
        }
        List<VideoCommandParser.Attachment> attachments = new ArrayList<>();
        List<String> words = new ArrayList<>();
        String[] tokens = text.isEmpty() ? new String[0] : text.split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            MediaKind declared = switch (token) {
                case "--image" -> MediaKind.IMAGE;
                case "--video" -> MediaKind.VIDEO;
                case "--audio" -> MediaKind.AUDIO;
                default -> null;
            };
            if (declared != null) {
                if (i + 1 >= tokens.length) {
                    say(token + " needs a file path, e.g. " + token + " ./file");
                    return;
                }
                Optional<Path> file = existingFile(tokens[++i]);
                if (file.isEmpty()) {
                    say("There is no file " + tokens[i] + ".");
                    return;
                }
                attachments.add(new VideoCommandParser.Attachment(file.get().getFileName().toString(), file.get(),
                        detect(file.get())));
            } else if (looksLikePath(token) && existingFile(token).isPresent()) {
                Path file = existingFile(token).orElseThrow();
                attachments.add(new VideoCommandParser.Attachment(file.getFileName().toString(), file, detect(file)));
            } else if (MEDIA_NAME.matcher(token).matches() && !token.startsWith("@")) {
                say("There is no file " + token + ".");
                return;
            } else {
                words.add(token);
            }
        }
        VideoCommandParser.Result parsed =
                videos.parse(String.join(" ", words), attachments, ports.requests().defaults(null), USER, CHAT);
        if (parsed instanceof VideoCommandParser.Problem problem) {
            say(problem.message());
            return;
        }
        answer(ports.requests().submit(actor, ((VideoCommandParser.Ok) parsed).request(), null));
    }

    private void extend(String text) {
        String[] parts = text.split("\\s+", 2);
        if (text.isEmpty() || parts.length < 2) {
            say("Usage: /extend <taskId> <what happens next>");
            return;
        }
        answer(ports.tasks().extend(actor, parts[0], parts[1], CHAT));
    }

    private void answer(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Accepted a) {
            TaskView task = a.task();
            accepted.add(task.id());
            say("Accepted as " + task.id() + " (" + task.mode().description() + ", "
                    + HistoryTexts.settingsLine(task) + ", "
                    + task.cost() + " credits; " + a.remainingToday() + " left today).");
        } else if (outcome instanceof SubmitOutcome.Invalid invalid) {
            say(invalid.text());
        } else if (outcome instanceof SubmitOutcome.Denied denied) {
            say(denied.message());
        }
    }

    private String moderate(String text) {
        ModCommandParser.Result parsed = mods.parse(text, null, ConsoleChat::resolveUser);
        if (parsed instanceof ModCommandParser.Problem problem) {
            return problem.message();
        }
        // the terminal is no group: community settings, channels and moderators answer that they need one
        return ports.moderation().run(actor, ((ModCommandParser.Ok) parsed).command(), user -> Set.of(),
                PlaceNames.NEUTRAL).text();
    }

    /**
     * Users on the terminal are named {@code platform:id} ({@code telegram:12345}, {@code discord:4711}); a bare name
     * is a terminal user, and {@code me} is the person typing.
     */
    public static Optional<UserKey> resolveUser(String token) {
        if (token.equalsIgnoreCase("me")) {
            return Optional.of(USER);
        }
        int colon = token.indexOf(':');
        if (colon < 0) {
            return token.isBlank() ? Optional.empty() : Optional.of(new UserKey(Platform.CONSOLE, token));
        }
        String platform = token.substring(0, colon).toUpperCase(Locale.ROOT);
        String id = token.substring(colon + 1);
        for (Platform p : Platform.values()) {
            if (p.name().equals(platform) && !id.isBlank()) {
                return Optional.of(new UserKey(p, id));
            }
        }
        return Optional.empty();
    }

    private void awaitSessionTasks() throws InterruptedException {
        while (accepted.stream().map(id -> core.engine().task(id)).flatMap(Optional::stream)
                .anyMatch(t -> !t.state().isTerminal())) {
            Thread.sleep(WAIT_STEP_MILLIS);
        }
    }

    /** Prompt words are never taken for files unless they look like paths: "a cat" stays a prompt. */
    private static boolean looksLikePath(String token) {
        return token.contains("/") || MEDIA_NAME.matcher(token).matches();
    }

    private static Optional<Path> existingFile(String token) {
        try {
            Path path = Path.of(token);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The kind from the file's first bytes, as the chat adapters detect it; {@code null} for other files. */
    private static MediaKind detect(Path file) {
        byte[] head = new byte[64];
        int n;
        try (InputStream stream = Files.newInputStream(file)) {
            n = stream.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return null;
        }
        return switch (MediaFormat.detect(head, n).kind()) {
            case IMAGE -> MediaKind.IMAGE;
            case VIDEO -> MediaKind.VIDEO;
            case AUDIO -> MediaKind.AUDIO;
            case UNKNOWN -> null;
        };
    }

    private void say(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
