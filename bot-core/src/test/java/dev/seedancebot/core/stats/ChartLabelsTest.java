package dev.seedancebot.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.quota.DailyUsage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChartLabelsTest {
    private static final UsageStats STATS = new UsageStats("сообщество 42", days(),
            List.of(new UsageStats.NamedTotal("ana", 40)), MoneySpend.NOT_RECORDED);

    @Test
    void labels_fontsDrawRussian_areRussian() {
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            ChartLabels labels = ChartLabels.of(STATS, "community 42", text -> true);

            assertThat(labels.title()).isEqualTo("Использование · сообщество 42");
            assertThat(labels.videosPerDay()).isEqualTo("Видео в день");
            assertThat(labels.topUsers()).isEqualTo("Самые активные (кредиты, 30 дней)");
            assertThat(labels.subtitle()).contains("3 видео", "60 кредитов");
            assertThat(labels.dateLocale()).isEqualTo(Languages.RUSSIAN);
        }
    }

    @Test
    void labels_fontsLackTheGlyphs_fallBackToEnglish() {
        try (Texts.Scope chinese = Texts.use(Languages.CHINESE_SIMPLIFIED)) {
            ChartLabels labels = ChartLabels.of(STATS, "community 42", text -> text.chars().allMatch(c -> c < 0x250));

            assertThat(labels.title()).isEqualTo("Usage · community 42");
            assertThat(labels.videosPerDay()).isEqualTo("Videos per day");
            assertThat(labels.creditsPerDay()).isEqualTo("Credits per day");
            assertThat(labels.topUsers()).isEqualTo("Top users (credits, 30 days)");
            assertThat(labels.footer()).isEqualTo("Money spent: not recorded yet (the bot counts credits only).");
            assertThat(labels.subtitle()).isEqualTo("1 Nov 2026 – 3 Nov 2026 · 3 videos · 60 credits");
            assertThat(labels.dateLocale()).isEqualTo(Languages.ENGLISH);
        }
    }

    @Test
    void labels_spanish_drawableEverywhere_areSpanish() {
        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            ChartLabels labels = UsageChart.labels(STATS, "community 42");

            // Latin letters with accents are in every font a JVM ships
            assertThat(labels.videosPerDay()).isEqualTo("Videos por día");
            assertThat(labels.nobodyYet()).isEqualTo("No hubo videos en estos días.");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ru", "zh-CN"})
    void png_russianOrChinese_isAValidPngLabelledInTheLanguageOrEnglish(String tag) throws IOException {
        Locale language = Languages.match(tag).orElseThrow();
        try (Texts.Scope reader = Texts.use(language)) {
            ChartLabels labels = UsageChart.labels(STATS, "community 42");
            byte[] png = UsageChart.png(STATS, "community 42");

            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(UsageChart.WIDTH);
            assertThat(image.getHeight()).isEqualTo(UsageChart.HEIGHT);
            // which of the two depends on the fonts this machine has; never a mix within one label
            assertThat(labels.videosPerDay())
                    .isIn(Texts.of(language).get("stats.chart.videosPerDay"), "Videos per day");
            assertThat(labels.topUsers()).isIn(Texts.of(language).get("stats.chart.topUsers"),
                    "Top users (credits, 30 days)");
            assertThat(labels.title()).isIn("Usage · community 42",
                    Texts.of(language).get("stats.chart.title", "scope", STATS.scopeLabel()));
        }
    }

    private static List<DailyUsage.Day> days() {
        List<DailyUsage.Day> days = new ArrayList<>();
        days.add(new DailyUsage.Day(LocalDate.of(2026, 11, 1), 1, 20));
        days.add(new DailyUsage.Day(LocalDate.of(2026, 11, 2), 0, 0));
        days.add(new DailyUsage.Day(LocalDate.of(2026, 11, 3), 2, 40));
        return days;
    }
}
