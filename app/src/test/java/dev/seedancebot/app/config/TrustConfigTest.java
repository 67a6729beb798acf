package dev.seedancebot.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.policy.TrustSettings;
import dev.seedancebot.core.quota.BudgetSettings;
import dev.seedancebot.core.quota.BudgetSettings.Ceiling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust and budget sections, straight into the core's settings. */
class TrustConfigTest {
    @TempDir
    Path dir;

    private AppConfig load(String yaml) throws IOException {
        return new ConfigLoader(Map.of()).load(Files.writeString(dir.resolve("bot.yml"), yaml));
    }

    @Test
    void load_sectionsUnset_safeDefaults() throws IOException {
        AppConfig config = load("");

        assertThat(config.trust()).isEqualTo(TrustSettings.defaults());
        assertThat(config.budgets()).isEqualTo(BudgetSettings.DEFAULTS);
    }

    @Test
    void load_operatorsOfBothPlatformsAndOldTelegramIds_allOperators() throws IOException {
        AppConfig config = load("trust:\n  operators: [telegram:123, discord:80351110224678912]\n"
                + "  private-chats: everyone\n  user-rate: 5\n  rate-period: 30s\n"
                + "telegram:\n  operator-ids: [456]\n");

        assertThat(config.trust().operators()).containsExactlyInAnyOrder(new UserKey(Platform.TELEGRAM, "123"),
                new UserKey(Platform.DISCORD, "80351110224678912"), new UserKey(Platform.TELEGRAM, "456"));
        assertThat(config.trust().privateChats()).isEqualTo(TrustSettings.PrivateChats.EVERYONE);
        assertThat(config.trust().userRate()).isEqualTo(5);
        assertThat(config.trust().ratePeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void load_budgetsWithListedCommunitiesAndUnlimited_reachTheCore() throws IOException {
        BudgetSettings budgets = load("budget:\n  daily: unlimited\n  monthly: 50_000\n  unlisted: deny\n"
                + "  communities: [\"-1001234567890 1000/10000\", \"80351110224678912 unlimited/5000\"]\n").budgets();

        assertThat(budgets.global()).isEqualTo(new Ceiling(Ceiling.UNLIMITED, 50_000));
        assertThat(budgets.unlisted()).isEqualTo(BudgetSettings.Unlisted.DENY);
        assertThat(budgets.communities()).containsOnly(
                Map.entry("-1001234567890", new Ceiling(1_000, 10_000)),
                Map.entry("80351110224678912", new Ceiling(Ceiling.UNLIMITED, 5_000)));
    }

    @Test
    void load_badOperatorsPrivateChatsAndBudgets_eachReportedWithTheFix() throws IOException {
        Path file = Files.writeString(dir.resolve("bot.yml"), "trust:\n  operators: [alice]\n"
                + "  private-chats: sometimes\nbudget:\n  daily: lots\n  communities: [\"-100 1000\"]\n");

        Throwable thrown = catchThrowable(() -> new ConfigLoader(Map.of()).load(file));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessageContaining("trust.operators").hasMessageContaining("discord:<user id>")
                .hasMessageContaining("trust.private-chats").hasMessageContaining("off, operators or everyone")
                .hasMessageContaining("budget.daily").hasMessageContaining("unlimited")
                .hasMessageContaining("budget.communities").hasMessageContaining("<daily>/<monthly>");
    }
}
