package dev.seedancebot.bench;

import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import dev.seedancebot.testkit.seedance.Step;
import dev.seedancebot.testkit.seedance.TaskScript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * The fake Seedance server in a child JVM, driven over stdin/stdout. The polling benchmark measures the heap, threads
 * and CPU of the bot's JVM; with the fake in the same JVM its recorded requests (one per poll) and its HTTP threads
 * would be counted as the bot's.
 *
 * <p>Protocol, one line each way: {@code complete <providerTaskId>} answers {@code OK <epoch microseconds>}, the
 * moment the task switched to SUCCESS; {@code quit} ends the process. The child prints {@code READY <baseUrl>} first.
 */
final class FakeSeedanceProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final String baseUrl;

    private FakeSeedanceProcess(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the fake Seedance process did not start: " + ready);
        }
        this.baseUrl = ready.substring("READY ".length());
    }

    /** Starts the child with this JVM's java binary and class path; its tasks stay pending until completed. */
    static FakeSeedanceProcess start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-Dsun.net.httpserver.nodelay=true",
                "-cp", System.getProperty("java.class.path"), FakeSeedanceProcess.class.getName());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            return new FakeSeedanceProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Seedance process", e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    String apiKey() {
        return FakeSeedanceServer.DEFAULT_API_KEY;
    }

    /** Makes the task report SUCCESS from its next poll on; returns when that happened, by the child's clock. */
    synchronized Instant complete(String providerTaskId) {
        in.println("complete " + providerTaskId);
        try {
            String answer = out.readLine();
            if (answer == null || !answer.startsWith("OK ")) {
                throw new IllegalStateException("fake Seedance process answered " + answer);
            }
            return Instant.EPOCH.plus(Long.parseLong(answer.substring(3)), ChronoUnit.MICROS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The child's entry point. */
    public static void main(String[] args) throws IOException {
        try (FakeSeedanceServer fake = FakeSeedanceServer.start()) {
            fake.setDefaultScript(TaskScript.of(Step.pending("IN_PROGRESS", 50), Step.stuck()));
            PrintWriter reply = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            reply.println("READY " + fake.baseUrl());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                if (line.startsWith("complete ")) {
                    fake.completeTask(line.substring("complete ".length()));
                    Instant now = Instant.now();
                    reply.println("OK " + ChronoUnit.MICROS.between(Instant.EPOCH, now));
                } else {
                    reply.println("ERROR unknown command " + line);
                }
            }
        }
    }
}
