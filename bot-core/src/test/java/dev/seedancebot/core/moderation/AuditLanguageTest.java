package dev.seedancebot.core.moderation;

import static dev.seedancebot.core.quota.QuotaFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.LimitKind;
import dev.seedancebot.core.quota.QuotaFixture;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit rows are worded when read, in the reader's language; values stay as given; old rows show their text. */
class AuditLanguageTest {
    private static final UserKey WRITER = user("writer");
    private static final UserKey ALICE = user("alice");
    private static final String GUILD = "guild";

    @TempDir
    Path dir;

    private QuotaFixture fx;
    private ModerationService moderation;

    @BeforeEach
    void open() {
        fx = new QuotaFixture(dir, QuotaFixture.settings(30, 100, 2, 0));
        moderation = new ModerationService(fx.db, fx.quota,
                new CommunitySettingsService(fx.db, fx.clock, fx.ticker, Runnable::run), fx.clock);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void auditRows_writtenInEnglish_readInSpanishAndRussianByAnotherModerator() {
        try (Texts.Scope english = Texts.use(Languages.ENGLISH)) {
            moderation.setUserLimit(WRITER, GUILD, ALICE, LimitKind.DAILY, 50L, "trusted");
            moderation.setRoleLimit(WRITER, GUILD, "vip", LimitKind.MONTHLY, 900L, null);
            moderation.setBudget(WRITER, GUILD, false, true, 600L, null);
            moderation.setBudget(WRITER, GUILD, false, true, null, "back to normal");
            moderation.block(WRITER, GUILD, ALICE, false, "spam links");
        }

        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            List<AuditEntry> rows = moderation.audit(GUILD, 10);
            assertThat(rows.get(0).toText()).endsWith("block discord:alice: bloqueado aquí (motivo: spam links)");
            assertThat(rows.get(1).toText()).endsWith("set_budget la comunidad guild: presupuesto diario: 600"
                    + " → el de la configuración (motivo: back to normal)");
            assertThat(rows.get(3).toText()).endsWith("set_role_limit el rol vip: límite mensual: heredado → 900");
            assertThat(rows.get(4).toText())
                    .endsWith("set_user_limit discord:alice: límite diario: heredado → 50 (motivo: trusted)");
        }
        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            assertThat(moderation.audit(GUILD, 10)).extracting(AuditEntry::detail).contains(
                    "заблокирован здесь", "дневной бюджет: 600 → из конфигурации", "месячный лимит: унаследовано → 900",
                    "дневной лимит: унаследовано → 50");
        }
        assertThat(moderation.audit(GUILD, 10)).extracting(AuditEntry::detail).contains(
                "blocked here", "daily budget 600 → the configuration's", "monthly limit inherited → 900",
                "daily limit inherited → 50");
    }

    @Test
    void auditRow_writtenInSpanish_keepsEnglishDetailColumnAndTypedValues() {
        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            moderation.allowChannel(WRITER, GUILD, "c1", "<#c1>", true, "Canal de vídeos");
            moderation.allowChannel(WRITER, GUILD, "c1", "<#c1>", true, null);
        }

        assertThat(fx.db.jdbc().query("SELECT detail FROM moderation_audit ORDER BY id", r -> r.getString(1)))
                .containsExactly("allowed <#c1>", "allowed <#c1> (no change)");
        try (Texts.Scope chinese = Texts.use(Languages.CHINESE_SIMPLIFIED)) {
            List<AuditEntry> rows = moderation.audit(GUILD, 10);
            assertThat(rows.get(0).detail()).isEqualTo("允许了 <#c1>（无变化）");
            assertThat(rows.get(1).toText()).endsWith("allow_channel channels c1: 允许了 <#c1> （原因：Canal de vídeos）");
        }
    }

    @Test
    void auditRow_fromBeforeV15_showsItsStoredTextToEveryReader() {
        fx.db.jdbc().update("INSERT INTO moderation_audit (actor, action, target, community_id, detail, reason,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                "discord:old-mod", "SET_USER_LIMIT", "discord:alice", GUILD, "daily limit 60 → 100", "old rules",
                Instant.parse("2026-01-02T03:04:05Z"));

        try (Texts.Scope russian = Texts.use(Languages.RUSSIAN)) {
            AuditEntry row = moderation.audit(GUILD, 1).get(0);
            assertThat(row.detail()).isEqualTo("daily limit 60 → 100");
            assertThat(row.toText()).isEqualTo("2026-01-02T03:04:05Z discord:old-mod set_user_limit discord:alice:"
                    + " daily limit 60 → 100 (причина: old rules)");
        }
    }

    @Test
    void auditRow_argumentsLongerThanTheirColumn_keptAsClippedEnglishInsteadOfFailingTheAction() {
        AuditLog log = new AuditLog(fx.db.jdbc(), fx.clock);
        String huge = "9".repeat(3_000);

        log.write(WRITER, ModerationAction.GRANT_BONUS, "discord:alice", GUILD,
                new AuditDetail("audit.granted", Map.of("credits", huge)), null);

        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            String row = log.latest(GUILD, 1).get(0).toText();
            assertThat(row).contains("granted 999").endsWith("…");
        }
    }
}
