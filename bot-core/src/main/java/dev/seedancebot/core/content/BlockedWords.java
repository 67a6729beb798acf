package dev.seedancebot.core.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.cluster.CacheInvalidationBus;
import dev.seedancebot.core.cluster.SharedCaches;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The words and patterns prompts may not contain: each community's list, which its moderators manage from chat
 * (table {@code community_blocked_word}), plus the operator's list from the configuration, which applies everywhere,
 * private chats included. Prompts are checked against a Caffeine cache of each community's compiled list, dropped on
 * every write here and, on a shared database, on the other instances through the {@link CacheInvalidationBus}, like
 * community settings. Thread-safe.
 */
public final class BlockedWords {
    public static final int MAX_ENTRIES = 200;
    private static final String TOPIC = "community.words";
    /** A safety net only: every write invalidates what it affects. */
    private static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final int CACHE_SIZE = 10_000;

    /** The answer to a change of the list, for the moderator. */
    public record Change(String entry, boolean changed, String text) {}

    private final Jdbc jdbc;
    private final Clock clock;
    private final PromptScreen global;
    private final Cache<String, PromptScreen> cache;
    private final CacheInvalidationBus bus;

    /**
     * @param global the operator's entries ({@code content.blocked-words}); each must parse as a {@link WordPattern}
     * @param ticker Caffeine's time source ({@code Ticker.systemTicker()} in production)
     */
    public BlockedWords(Database db, List<String> global, Clock clock, Ticker ticker, Executor cacheExecutor) {
        this.jdbc = Objects.requireNonNull(db, "db").jdbc();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.global = new PromptScreen(global.stream().map(WordPattern::parse).toList());
        this.bus = db.invalidations();
        this.cache = SharedCaches.subscribed(bus, TOPIC, CACHE_TTL, CACHE_SIZE, ticker, cacheExecutor);
    }

    /**
     * The refusal for a prompt that contains a blocked entry of {@code communityId} ({@code null}: a private chat,
     * where only the operator's list applies) or of the operator; empty when the prompt may go ahead. Costs nothing.
     */
    public Optional<String> refusal(String communityId, String prompt) {
        return screen(communityId).match(prompt).map(entry -> ContentTexts.blocked());
    }

    private PromptScreen screen(String communityId) {
        return communityId == null ? global : cache.get(communityId, id -> global.with(load(id)));
    }

    /** Adds an entry as a moderator typed it; throws {@link IllegalArgumentException} with what to fix. */
    public Change add(String communityId, String typed, UserKey actor) {
        WordPattern entry = WordPattern.parse(typed);
        boolean changed = jdbc.inTransaction(c -> {
            boolean present = Jdbc.queryFirst(c, "SELECT pattern FROM community_blocked_word WHERE community_id = ?"
                    + " AND pattern = ?", r -> r.getString(1), community(communityId), entry.text()).isPresent();
            if (present) {
                return false;
            }
            long count = Jdbc.queryFirst(c, "SELECT COUNT(*) FROM community_blocked_word WHERE community_id = ?",
                    r -> r.getLong(1), communityId).orElse(0L);
            if (count >= MAX_ENTRIES) {
                throw new IllegalArgumentException(ContentTexts.listFull(MAX_ENTRIES));
            }
            return Jdbc.update(c, "INSERT INTO community_blocked_word (community_id, pattern, added_by, added_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", communityId, entry.text(),
                    UserKeyColumn.format(actor), clock.instant()) == 1;
        });
        invalidate(communityId);
        return new Change(entry.text(), changed, ContentTexts.added(entry.text(), changed));
    }

    /** Removes an entry, typed as it was added (case and spacing do not matter). */
    public Change remove(String communityId, String typed, UserKey actor) {
        Objects.requireNonNull(actor, "actor");
        WordPattern entry = WordPattern.parse(typed);
        boolean changed = jdbc.update("DELETE FROM community_blocked_word WHERE community_id = ? AND pattern = ?",
                community(communityId), entry.text()) > 0;
        invalidate(communityId);
        return new Change(entry.text(), changed, ContentTexts.removed(entry.text(), changed));
    }

    /** The community's entries and how many the operator's list holds, for the moderators. */
    public String list(String communityId) {
        return ContentTexts.list(load(community(communityId)).stream().map(WordPattern::text).toList(),
                global.entries().stream().map(WordPattern::text).toList());
    }

    private List<WordPattern> load(String communityId) {
        // stored rows were written normalized by WordPattern; parsing them again compiles them
        return jdbc.query("SELECT pattern FROM community_blocked_word WHERE community_id = ? ORDER BY pattern",
                r -> WordPattern.parse(r.getString(1)), communityId);
    }

    private void invalidate(String communityId) {
        cache.invalidate(communityId);
        bus.publish(TOPIC, communityId);
    }

    private static String community(String communityId) {
        return Objects.requireNonNull(communityId, "communityId");
    }
}
