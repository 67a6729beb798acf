package dev.seedancebot.bench.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one platform benchmark, for {@code BenchMain} to copy into its own report table: a row per figure
 * (with a target and a verdict when it is checked) and free-text notes. Kept in this package because the table class
 * of {@code dev.seedancebot.bench} is package-private.
 */
public final class PlatformReport {
    /** One figure; {@code target} is empty and {@code met} is {@code null} when the figure is not checked. */
    public record Row(String figure, String value, String target, Boolean met) {}

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public PlatformReport(String title) {
        this.title = title;
    }

    public void add(String figure, String value) {
        rows.add(new Row(figure, value, "", null));
    }

    public void check(String figure, String value, String target, boolean met) {
        rows.add(new Row(figure, value, target, met));
    }

    public void note(String text) {
        notes.add(text);
    }

    public String title() {
        return title;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
