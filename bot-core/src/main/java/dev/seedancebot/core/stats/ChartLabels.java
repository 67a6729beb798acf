package dev.seedancebot.core.stats;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The words drawn into the usage chart, each in the reader's language when the chart's fonts can draw it and in
 * English otherwise. Why the fallback: the image is drawn with Java's logical fonts, and on a headless server these
 * map to whatever fonts the machine has, which often lack Cyrillic or Chinese glyphs; a label they cannot draw comes
 * out as empty boxes, which helps nobody, while the English words at least say what the axis means. The caption sent
 * with the chart is always in the reader's language ({@link StatsTexts#caption}).
 *
 * @param dateLocale the language of the month names on the date axis and in the subtitle
 */
record ChartLabels(String title, String subtitle, String videosPerDay, String creditsPerDay, String videosShort,
        String creditsShort, String moneyShort, String moneyPerDay, String topUsers, String nobodyYet, String footer,
        Locale dateLocale) {

    /**
     * The labels for {@code stats} in the current {@link Texts} scope's language.
     *
     * @param englishScope where the figures are from, in English, for a title the fonts cannot draw otherwise
     * @param drawable whether the chart's fonts can draw a text
     */
    static ChartLabels of(UsageStats stats, String englishScope, Predicate<String> drawable) {
        Texts reader = Texts.current();
        Texts english = Texts.of(Languages.ENGLISH);
        Chooser choose = words -> {
            String text = words.apply(reader);
            return drawable.test(text) ? text : words.apply(english);
        };
        String currency = stats.money().currency();
        LocalDate sample = stats.days().isEmpty() ? LocalDate.of(2026, 11, 3) : stats.days().get(0).day();
        Locale dates = drawable.test(DateTimeFormatter.ofPattern("d MMM yyyy", reader.locale()).format(sample))
                ? reader.locale() : Languages.ENGLISH;
        return new ChartLabels(
                choose.text(t -> t.get("stats.chart.title", "scope", t == reader ? stats.scopeLabel() : englishScope)),
                choose.text(t -> subtitle(t, stats, t == reader ? dates : Languages.ENGLISH)),
                choose.text(t -> t.get("stats.chart.videosPerDay")),
                choose.text(t -> t.get("stats.chart.creditsPerDay")),
                choose.text(t -> t.get("stats.chart.videosShort")),
                choose.text(t -> t.get("stats.chart.creditsShort")),
                choose.text(t -> currency.isEmpty() ? t.get("stats.chart.moneyShort")
                        : t.get("stats.chart.moneyShortIn", "currency", currency)),
                choose.text(t -> currency.isEmpty() ? t.get("stats.chart.moneyPerDay")
                        : t.get("stats.chart.moneyPerDayIn", "currency", currency)),
                choose.text(t -> t.get("stats.chart.topUsers")),
                choose.text(t -> t.get("stats.chart.nobodyYet")),
                choose.text(t -> stats.money().total().map(total -> t.get("stats.money", "money", total))
                        .orElse(t.get("stats.moneyNotRecorded"))),
                dates);
    }

    /** "3 Nov 2026 – 2 Dec 2026 · 42 videos · 1234 credits". */
    private static String subtitle(Texts texts, UsageStats stats, Locale dateLocale) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMM yyyy", dateLocale);
        String from = stats.days().isEmpty() ? "" : day.format(stats.days().get(0).day());
        String to = stats.days().isEmpty() ? "" : day.format(stats.days().get(stats.days().size() - 1).day());
        return texts.get("stats.chart.subtitle", "from", from, "to", to,
                "videos", texts.count("unit.videos", stats.totalVideos()),
                "credits", texts.count("unit.credits", stats.totalCredits()));
    }

    @FunctionalInterface
    private interface Chooser {
        String text(Function<Texts, String> words);
    }
}
