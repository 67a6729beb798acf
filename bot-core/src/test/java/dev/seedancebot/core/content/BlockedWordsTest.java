package dev.seedancebot.core.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.FakeTicker;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocked words on a real H2 file: per community, cached, changed at once, and the operator's list everywhere. */
class BlockedWordsTest {
    private static final UserKey MOD = new UserKey(Platform.TELEGRAM, "7");

    @TempDir
    Path dir;

    private Database db;
    private BlockedWords words;

    @BeforeEach
    void open() {
        db = Database.open(Database.h2FileUrl(dir), "sa", "");
        words = new BlockedWords(db, List.of("forbidden*"), new MutableClock(Instant.parse("2026-12-03T03:00:00Z")),
                new FakeTicker(), Runnable::run);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void add_afterCachedCheck_refusesAtOnceInThatCommunityOnly() {
        assertThat(words.refusal("g1", "some gore please")).isEmpty();

        BlockedWords.Change change = words.add("g1", "Gore", MOD);

        assertThat(change.changed()).isTrue();
        assertThat(words.refusal("g1", "some GORE please")).contains(ContentTexts.blocked());
        assertThat(words.refusal("g2", "some gore please")).isEmpty();
        assertThat(words.add("g1", "gore", MOD).changed()).isFalse();
    }

    @Test
    void remove_entry_allowsItAgainAndListShowsTheRest() {
        words.add("g1", "gore", MOD);
        words.add("g1", "blood bath", MOD);
        words.refusal("g1", "warm up the cache");

        assertThat(words.remove("g1", "GORE", MOD).changed()).isTrue();

        assertThat(words.refusal("g1", "gore")).isEmpty();
        assertThat(words.list("g1")).contains("blood bath").doesNotContain("gore")
                .contains("operator: 1 entries");
    }

    @Test
    void refusal_operatorsList_appliesInCommunitiesAndPrivateChats() {
        assertThat(words.refusal("g1", "forbiddenfruit")).isPresent();
        assertThat(words.refusal(null, "a forbidden thing")).isPresent();
        assertThat(words.refusal(null, "allowed")).isEmpty();
    }

    @Test
    void refusal_neverNamesTheWord() {
        words.add("g1", "gore", MOD);

        assertThat(words.refusal("g1", "gore").orElseThrow()).doesNotContain("gore").contains("Nothing was charged");
    }
}
