package dev.seedancebot.app.console;

import dev.seedancebot.app.ChatAdapter;
import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.engine.queue.QueueTexts;
import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformException;
import dev.seedancebot.core.platform.PlatformPort;
import dev.seedancebot.core.task.TaskView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terminal as a chat platform ({@link Platform#CONSOLE}), for the demo: progress and notices are printed, and a
 * delivered video is copied to {@code <outDir>/<taskId>.mp4}. Thread-safe: engine threads print whole lines.
 */
public final class ConsoleAdapter implements PlatformPort, ChatAdapter {
    private final PrintStream out;
    private final Path outDir;
    /** The last progress text per task: the engine reports provider state changes that look alike here. */
    private final Map<String, String> shown = new ConcurrentHashMap<>();
    private volatile CoreAssembly core;

    public ConsoleAdapter(PrintStream out, Path outDir) {
        this.out = out;
        this.outDir = outDir;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void start(CoreAssembly assembly) {
        this.core = assembly;
        assembly.router().register(this);
    }

    @Override
    public boolean isUp() {
        return core != null;
    }

    @Override
    public void close() {
        CoreAssembly assembly = core;
        if (assembly != null) {
            assembly.router().unregister(Platform.CONSOLE);
            core = null;
        }
    }

    @Override
    public Platform platform() {
        return Platform.CONSOLE;
    }

    @Override
    public String showProgress(TaskView task) {
        String text = switch (task.state()) {
            case RECEIVED -> "queued" + QueueTexts.spot(task.queueSpot());
            case SUBMITTING -> "sending to Seedance";
            case SUBMITTED -> "generating " + task.progressPercent() + "%";
            case SUCCEEDED -> "finished, downloading";
            case DELIVERING -> "saving";
            default -> null; // the delivery or the failure notice says the rest
        };
        if (text == null) {
            shown.remove(task.id());
        } else if (!text.equals(shown.put(task.id(), text))) {
            print("  [" + task.id() + "] " + text);
        }
        return "console-" + task.id();
    }

    @Override
    public long uploadLimitBytes(TaskView task) {
        return Long.MAX_VALUE;
    }

    @Override
    public String deliver(TaskView task, Delivery delivery) {
        if (delivery instanceof Delivery.Link link) {
            print("✔ [" + task.id() + "] ready (" + HistoryTexts.settingsLine(task) + "): " + link.url()
                    + " (link valid until " + link.expiresAt() + ")");
            return "console-link-" + task.id();
        }
        Delivery.Upload upload = (Delivery.Upload) delivery;
        Path target = outDir.resolve(task.id() + ".mp4");
        try {
            Files.createDirectories(outDir);
            Files.copy(upload.file(), target, StandardCopyOption.REPLACE_EXISTING);
            readableByAll(target);
        } catch (IOException e) {
            throw new PlatformException("cannot write " + target + ": " + e.getMessage(), false, e);
        }
        print("✔ [" + task.id() + "] saved " + target + " (" + kilobytes(upload.sizeBytes()) + ", "
                + HistoryTexts.settingsLine(task) + ") — \"" + task.prompt() + "\"");
        return target.toString();
    }

    @Override
    public void notify(TaskView task, Notice notice) {
        String mark = notice.kind() == Notice.Kind.FAILED ? "✘" : "•";
        print(mark + " [" + task.id() + "] " + notice.text());
    }

    /** The engine keeps results private to the bot's user; a saved video is the person's to open and share. */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static String kilobytes(long bytes) {
        return String.format(Locale.ROOT, "%d KB", Math.max(1, bytes / 1024));
    }
}
