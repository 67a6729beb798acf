package dev.seedancebot.core.community;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.seedancebot.core.cluster.CacheInvalidationBus;
import dev.seedancebot.core.cluster.SharedCaches;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.core.storage.Jdbc;
import dev.seedancebot.core.storage.UserKeyColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link CommunitySettings} in the {@code community_setting} table. Reads (every {@code /video})
 * come from a Caffeine cache that each write here invalidates after it commits, and that the other instances on a
 * shared database invalidate through the {@link CacheInvalidationBus}. Writes to one community are serialized on its
 * {@code quota_community} row, so two moderators adding channels at once both land. Auditing is the caller's job
 * ({@link dev.seedancebot.core.moderation.ModerationService}). Thread-safe.
 */
public final class CommunitySettingsService {
    private static final Logger log = LoggerFactory.getLogger(CommunitySettingsService.class);
    /** A safety net only: every write invalidates what it affects. */
    private static final Duration CACHE_TTL = Duration.ofMinutes(1);
    private static final int CACHE_SIZE = 10_000;
    private static final String TOPIC = "community.settings";
    private static final int MAX_LIST = 50;

    /** The list-valued settings; stored as comma-separated ids. */
    public enum ListSetting {
        CHANNELS("channels"),
        MODERATOR_ROLES("moderator-roles"),
        /** The one channel or topic where reports of videos go; empty: to the admins. */
        REPORT_CHANNEL("report-channel");

        private final String key;

        ListSetting(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** A single value before and after a write, as text; {@code null} = not set (inherited). */
    public record Change(String before, String after) {
        public boolean changed() {
            return !Objects.equals(before, after);
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final Cache<String, CommunitySettings> cache;
    private final CacheInvalidationBus bus;

    /**
     * @param ticker Caffeine's time source for cache expiry ({@code Ticker.systemTicker()} in production)
     * @param cacheExecutor runs Caffeine's maintenance ({@code Runnable::run} in tests)
     */
    public CommunitySettingsService(Database db, Clock clock, Ticker ticker, Executor cacheExecutor) {
        this.jdbc = Objects.requireNonNull(db, "db").jdbc();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bus = db.invalidations();
        this.cache = SharedCaches.subscribed(bus, TOPIC, CACHE_TTL, CACHE_SIZE, ticker, cacheExecutor);
    }

    /** The settings of {@code communityId}; {@link CommunitySettings#none} for {@code null} (no community). */
    public CommunitySettings get(String communityId) {
        if (communityId == null) {
            return CommunitySettings.none(null);
        }
        return cache.get(communityId, this::load);
    }

    /**
     * Sets {@code setting} to {@code value} (as {@link CommunitySetting#parse} returns it), or clears it with
     * {@code null} so that the operator's configuration applies again.
     */
    public Change set(String communityId, CommunitySetting setting, Object value, UserKey actor) {
        String after = value == null ? null : setting.format(value);
        return write(communityId, setting.key(), actor, before -> after);
    }

    /** Makes {@code id} the list's only entry; returns whether the list changed. */
    public boolean replaceList(String communityId, ListSetting list, String id, UserKey actor) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("'" + id + "' is not an id (letters, digits, - and _ only).");
        }
        return write(communityId, list.key(), actor, before -> id).changed();
    }

    /** A list as stored, read afresh (for rarely read lists that the cached settings do not carry). */
    public Set<String> list(String communityId, ListSetting list) {
        return split(jdbc.query("SELECT setting FROM community_setting WHERE community_id = ? AND name = ?",
                r -> r.getString(1), communityId, list.key()).stream().findFirst().orElse(null));
    }

    /** Adds ({@code add}) or removes {@code id}; returns whether the list changed. */
    public boolean changeList(String communityId, ListSetting list, String id, boolean add, UserKey actor) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,40}")) {
            throw new IllegalArgumentException("'" + id + "' is not an id (letters, digits, - and _ only).");
        }
        Change change = write(communityId, list.key(), actor, before -> {
            Set<String> ids = split(before);
            if (add) {
                if (!ids.contains(id) && ids.size() >= MAX_LIST) {
                    throw new IllegalArgumentException("A community can list at most " + MAX_LIST + " "
                            + list.key() + "; remove one first.");
                }
                ids.add(id);
            } else {
                ids.remove(id);
            }
            return ids.isEmpty() ? null : String.join(",", ids);
        });
        return change.changed();
    }

    /** Empties a list (for channels: {@code /video} works everywhere again); returns whether it changed. */
    public boolean clearList(String communityId, ListSetting list, UserKey actor) {
        return write(communityId, list.key(), actor, before -> null).changed();
    }

    private interface Update {
        String apply(String before);
    }

    private Change write(String communityId, String name, UserKey actor, Update update) {
        Objects.requireNonNull(communityId, "communityId");
        Objects.requireNonNull(actor, "actor");
        Change change = jdbc.inTransaction(c -> {
            lockCommunity(c, communityId);
            String before = Jdbc.queryFirst(c, "SELECT setting FROM community_setting WHERE community_id = ? AND name = ?",
                    r -> r.getString("setting"), communityId, name).orElse(null);
            String after = update.apply(before);
            if (!Objects.equals(before, after)) {
                Jdbc.update(c, "DELETE FROM community_setting WHERE community_id = ? AND name = ?", communityId, name);
                if (after != null) {
                    Jdbc.update(c, "INSERT INTO community_setting (community_id, name, setting, updated_by, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?)", communityId, name, after, UserKeyColumn.format(actor),
                            clock.instant());
                }
            }
            return new Change(before, after);
        });
        cache.invalidate(communityId);
        bus.publish(TOPIC, communityId);
        return change;
    }

    /** Serializes the writes to one community's settings (the row doubles as the community's quota lock). */
    private void lockCommunity(Connection c, String communityId) throws SQLException {
        Jdbc.update(c, "INSERT INTO quota_community (community_id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                communityId, clock.instant());
        Jdbc.query(c, "SELECT community_id FROM quota_community WHERE community_id = ? FOR UPDATE",
                r -> r.getString(1), communityId);
    }

    private CommunitySettings load(String communityId) {
        Map<String, String> rows = jdbc.query("SELECT name, setting FROM community_setting WHERE community_id = ?",
                        r -> Map.entry(r.getString("name"), r.getString("setting")), communityId).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<CommunitySetting, Object> values = new EnumMap<>(CommunitySetting.class);
        for (CommunitySetting setting : CommunitySetting.values()) {
            String text = rows.get(setting.key());
            if (text != null) {
                try {
                    values.put(setting, setting.parse(text));
                } catch (IllegalArgumentException e) {
                    // only a hand-edited row can get here; the operator's configuration applies instead
                    log.warn("community {}: stored {} '{}' ignored: {}", communityId, setting.key(), text,
                            e.getMessage());
                }
            }
        }
        return new CommunitySettings(communityId, values, split(rows.get(ListSetting.CHANNELS.key())),
                split(rows.get(ListSetting.MODERATOR_ROLES.key())));
    }

    private static Set<String> split(String text) {
        return text == null || text.isBlank() ? new LinkedHashSet<>()
                : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
