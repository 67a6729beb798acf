package dev.seedancebot.core.media.ffmpeg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffmpeg and ffprobe on files on disk, at most {@code parallel} at once, each within a time limit, and kills
 * whatever still runs on {@link #close()}. Jobs past the limit are killed, not left to finish: a crafted file can keep
 * a decoder busy for as long as it likes.
 *
 * <p>Arguments never carry a URL: inputs are local files, every input is opened with only the {@code file} protocol
 * allowed (the whitelist is inherited by nested opens, so a playlist inside a crafted file cannot make ffmpeg fetch
 * anything), and an argument that looks like a URL is refused before a process starts. A Telegram file URL carries the
 * bot token, so nothing of the kind may reach a process's command line, where any local user can read it.
 *
 * <p>An input whose format the caller does not force ({@code -f}) may only be opened by the demuxers of
 * {@link #INPUT_FORMATS}: a user's file must not be read as a playlist or a concat list that pulls other local files
 * into a conversion whose output is sent away.
 */
public final class FfmpegRunner implements AutoCloseable {
    private static final int STDERR_KEPT = 4_000;

    /** The demuxers a user's file may be opened with: containers, raw audio and still pictures, no playlists. */
    public static final String INPUT_FORMATS = "mov,matroska,webm,ogg,flac,mp3,wav,aac,avi,mpegts,gif,png_pipe,"
            + "jpeg_pipe,webp_pipe,bmp_pipe,tiff_pipe";

    private final FfmpegTools tools;
    private final Semaphore slots;
    private final Duration queueWait;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public FfmpegRunner(FfmpegTools tools, int parallel, Duration queueWait) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        this.tools = tools;
        this.slots = new Semaphore(parallel, true);
        this.queueWait = queueWait;
    }

    public FfmpegTools tools() {
        return tools;
    }

    /** What a finished run left: its exit code, standard output and the tail of its standard error. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Runs ffmpeg with {@code -nostdin -hide_banner -loglevel error -y}, the file protocol only for inputs, and the
     * demuxers of {@link #INPUT_FORMATS} only for inputs whose format is not forced.
     */
    public Result ffmpeg(List<String> args, Duration limit) throws FfmpegException {
        List<String> command = new ArrayList<>(List.of(tools.ffmpeg().toString(), "-nostdin", "-hide_banner",
                "-loglevel", "error", "-y"));
        boolean forced = false;
        for (String arg : args) {
            if (arg.equals("-f")) {
                forced = true;
            }
            if (arg.equals("-i")) {
                command.add("-protocol_whitelist");
                command.add("file");
                if (!forced) {
                    command.add("-format_whitelist");
                    command.add(INPUT_FORMATS);
                }
                forced = false;
            }
            command.add(arg);
        }
        return run(command, limit);
    }

    /** Runs ffprobe on one file, printing JSON of the given sections ({@code -show_format -show_streams} …). */
    public Result ffprobe(Path file, List<String> show, Duration limit) throws FfmpegException {
        List<String> command = new ArrayList<>(List.of(tools.ffprobe().toString(), "-hide_banner", "-loglevel",
                "error", "-protocol_whitelist", "file", "-format_whitelist", INPUT_FORMATS, "-of", "json"));
        command.addAll(show);
        command.add(file.toAbsolutePath().toString());
        return run(command, limit);
    }

    private Result run(List<String> command, Duration limit) throws FfmpegException {
        for (String arg : command.subList(1, command.size())) {
            if (arg.contains("://")) {
                throw new IllegalArgumentException("ffmpeg works on local files only, not on a URL");
            }
        }
        if (closed) {
            throw new FfmpegException("media conversion is shutting down");
        }
        acquire();
        try {
            return runHoldingASlot(command, limit);
        } finally {
            slots.release();
        }
    }

    private void acquire() throws FfmpegException {
        try {
            if (!slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FfmpegException("media conversion is busy; waited " + queueWait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FfmpegException("interrupted while waiting for a conversion slot");
        }
    }

    private Result runHoldingASlot(List<String> command, Duration limit) throws FfmpegException {
        Path stdout = null;
        Path stderr = null;
        Process process = null;
        try {
            // both to files, so that waiting is bounded by the limit alone and a chatty process never blocks a pipe
            stdout = Files.createTempFile("ffmpeg-out", ".txt");
            stderr = Files.createTempFile("ffmpeg-err", ".txt");
            process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
            running.add(process);
            if (closed) {
                process.destroyForcibly();
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FfmpegException("media conversion took longer than " + limit.toSeconds() + " s");
            }
            if (closed) {
                throw new FfmpegException("media conversion was stopped by the shutdown");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    tail(stderr));
        } catch (IOException e) {
            throw new FfmpegException("could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FfmpegException("interrupted during media conversion");
        } finally {
            if (process != null) {
                process.destroyForcibly();
                running.remove(process);
            }
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static String tail(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int from = Math.max(0, all.length - STDERR_KEPT);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind goes with the system's temp directory
        }
    }

    /** Kills every process still running; later calls fail at once. */
    @Override
    public void close() {
        closed = true;
        running.forEach(Process::destroyForcibly);
    }
}
