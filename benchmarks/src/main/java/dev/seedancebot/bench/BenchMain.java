package dev.seedancebot.bench;

import dev.seedancebot.bench.platform.IntakeBenchmark;
import dev.seedancebot.bench.platform.PlatformReport;
import dev.seedancebot.bench.platform.TelegramDeliveryBenchmark;
import dev.seedancebot.bench.scaleout.ScaleOutBenchmark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Runs the named end-to-end benchmarks against the loopback fakes and prints their figures as plain text tables:
 * {@code java -jar seedance-bot-benchmarks.jar polling|quota|download|all}. Exit code 0 when every target is met, 1
 * when one is missed, 2 on bad arguments. The figures are whole-system (HTTP, JDBC, threads), measured with warm-up
 * runs and medians where a figure is short; see docs/BENCHMARKS.md for why this is not JMH.
 */
public final class BenchMain {
    private static final List<String> NAMES = List.of("polling", "quota", "download", "intake", "delivery", "process", "scaleout",
            "budget", "convert", "fit", "mp3", "queue");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !(NAMES.contains(args[0]) || args[0].equals("all"))) {
            System.err.println("usage: java -jar seedance-bot-benchmarks.jar polling|quota|budget|download|intake|delivery|process|scaleout|convert|fit|mp3|queue|all");
            System.exit(2);
        }
        List<String> names = args[0].equals("all") ? NAMES : List.of(args[0]);
        System.out.print(machine());
        boolean allMet = true;
        for (String name : names) {
            if (name.equals("scaleout")) {
                System.out.print(scaleOut());
                continue;
            }
            if (name.equals("queue")) {
                String text = queueOnPostgres();
                System.out.print(text);
                allMet &= !text.contains("| MISSED");
                continue;
            }
            if (name.equals("budget")) {
                System.out.print(BudgetBenchmark.h2().run().render());
                System.out.print(budgetOnPostgres());
                continue;
            }
            double loadBefore = Measure.loadAverage();
            long start = System.nanoTime();
            Report report = switch (name) {
                case "polling" -> new PollingBenchmark().run();
                case "quota" -> new QuotaBenchmark().run();
                case "process" -> new ProcessBenchmark(ProcessBenchmark.configuredJar()).run();
                case "intake" -> fromPlatform(new IntakeBenchmark().run());
                case "delivery" -> fromPlatform(new TelegramDeliveryBenchmark().run());
                case "convert" -> new ConvertBenchmark().run();
                case "mp3" -> new Mp3Benchmark().run();
                case "fit" -> fromPlatform(new dev.seedancebot.core.media.fit.FitBenchmark().run());
                default -> new DownloadBenchmark().run();
            };
            report.add("wall time", Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            report.add("1-min load average before / after", String.format("%.2f / %.2f", loadBefore,
                    Measure.loadAverage()));
            String text = report.render();
            System.out.print(text);
            allMet &= !text.contains("| MISSED");
        }
        System.exit(allMet ? 0 : 1);
    }

    /** Copies a platform benchmark's figures (its package cannot see {@link Report}) into a report table. */
    private static Report fromPlatform(PlatformReport figures) {
        Report report = new Report(figures.title());
        for (PlatformReport.Row row : figures.rows()) {
            if (row.met() == null) {
                report.add(row.figure(), row.value());
            } else {
                report.check(row.figure(), row.value(), row.target(), row.met());
            }
        }
        figures.notes().forEach(report::note);
        return report;
    }

    /** Task throughput of 1, 2 and 3 engines on one PostgreSQL, started from Maven Central binaries for the run. */
    private static String scaleOut() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            return new ScaleOutBenchmark(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 600).run();
        }
    }

    /** The budget benchmark on PostgreSQL, started from Maven Central binaries for the run. */
    private static String budgetOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            return BudgetBenchmark.postgres(freshDatabases(pg, "budget_")).run().render();
        }
    }

    /** A new database on {@code pg} for each call, named {@code prefix} and a number. */
    private static java.util.function.Supplier<String> freshDatabases(EmbeddedPostgres pg, String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return () -> {
            String db = prefix + n.incrementAndGet();
            try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return pg.getJdbcUrl("postgres", db);
        };
    }

    /** The queue benchmark (one instance, then two) on PostgreSQL, started from Maven Central binaries for the run. */
    private static String queueOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            return new QueueBenchmark(freshDatabases(pg, "queue_"), "postgres").run().render();
        }
    }

    /** Date, cores, memory, CPU model and JVM, as the benchmark notes need them. */
    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return "date:   " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
                + "cpus:   " + rt.availableProcessors() + " (" + procLine("/proc/cpuinfo", "model name").orElse("?")
                + ")\n"
                + "memory: " + procLine("/proc/meminfo", "MemTotal").orElse("?") + ", "
                + procLine("/proc/meminfo", "MemAvailable").orElse("?") + "\n"
                + "java:   " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + Measure.mb(rt.maxMemory()) + "\n";
    }

    private static Optional<String> procLine(String file, String key) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.startsWith("Mem") ? l.replaceAll("\\s+", " ") : l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
