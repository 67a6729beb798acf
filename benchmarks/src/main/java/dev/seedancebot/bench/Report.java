package dev.seedancebot.bench;

import java.util.ArrayList;
import java.util.List;

/** The figures of one benchmark as a plain text table: what was measured, the value, the target and the verdict. */
final class Report {
    private record Row(String figure, String value, String target, String verdict) {}

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    /** A figure with no target. */
    void add(String figure, String value) {
        rows.add(new Row(figure, value, "", ""));
    }

    /** A figure checked against a target; {@code met} decides the verdict column. */
    void check(String figure, String value, String target, boolean met) {
        rows.add(new Row(figure, value, target, met ? "MET" : "MISSED"));
    }

    void note(String text) {
        notes.add(text);
    }

    String render() {
        int[] widths = {"figure".length(), "value".length(), "target".length(), "verdict".length()};
        for (Row r : rows) {
            widths[0] = Math.max(widths[0], r.figure().length());
            widths[1] = Math.max(widths[1], r.value().length());
            widths[2] = Math.max(widths[2], r.target().length());
            widths[3] = Math.max(widths[3], r.verdict().length());
        }
        String format = "%-" + widths[0] + "s | %" + widths[1] + "s | %-" + widths[2] + "s | %s%n";
        StringBuilder out = new StringBuilder("\n== ").append(title).append(" ==\n");
        out.append(String.format(format, "figure", "value", "target", "verdict"));
        out.append("-".repeat(widths[0] + widths[1] + widths[2] + widths[3] + 9)).append('\n');
        for (Row r : rows) {
            out.append(String.format(format, r.figure(), r.value(), r.target(), r.verdict()));
        }
        for (String n : notes) {
            out.append("note: ").append(n).append('\n');
        }
        return out.toString();
    }
}
