package dev.seedancebot.core.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedancebot.core.community.CommunitySettingsService.ListSetting;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.quota.FakeTicker;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.storage.Database;
import dev.seedancebot.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Community settings on a real H2 file: stored, cached, invalidated on write, and safe under concurrent edits. */
class CommunitySettingsServiceTest {
    private static final UserKey MOD = new UserKey(Platform.DISCORD, "mod");

    @TempDir
    Path dir;

    private Database db;
    private CommunitySettingsService service;

    @BeforeEach
    void open() {
        db = Database.open(Database.h2FileUrl(dir), "sa", "");
        service = new CommunitySettingsService(db, new MutableClock(Instant.parse("2026-11-24T10:00:00Z")),
                new FakeTicker(), Runnable::run);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void get_nothingSet_inheritsEverything() {
        CommunitySettings settings = service.get("guild");

        assertThat(settings.values()).isEmpty();
        assertThat(settings.videosEnabled()).isTrue();
        assertThat(settings.allowsChannel(List.of("any"))).isTrue();
        assertThat(service.get(null)).isEqualTo(CommunitySettings.none(null));
    }

    @Test
    void set_afterCachedRead_isSeenAtOnceAndSurvivesARestart() {
        service.get("guild"); // cached

        CommunitySettingsService.Change change = service.set("guild", CommunitySetting.MAX_RESOLUTION,
                Resolution.P480, MOD);

        assertThat(change).isEqualTo(new CommunitySettingsService.Change(null, "480p"));
        assertThat(service.get("guild").values()).containsEntry(CommunitySetting.MAX_RESOLUTION, Resolution.P480);
        CommunitySettingsService reopened = new CommunitySettingsService(db, new MutableClock(Instant.EPOCH),
                new FakeTicker(), Runnable::run);
        assertThat(reopened.get("guild").values()).containsEntry(CommunitySetting.MAX_RESOLUTION, Resolution.P480);
        assertThat(service.get("other").values()).isEmpty();
    }

    @Test
    void set_null_clearsTheRow() {
        service.set("guild", CommunitySetting.DURATION, 8, MOD);

        CommunitySettingsService.Change change = service.set("guild", CommunitySetting.DURATION, null, MOD);

        assertThat(change).isEqualTo(new CommunitySettingsService.Change("8s", null));
        assertThat(service.get("guild").values()).isEmpty();
        assertThat(db.jdbc().query("SELECT COUNT(*) FROM community_setting", r -> r.getLong(1))).containsExactly(0L);
    }

    @Test
    void changeList_twentyModeratorsAtOnce_keepsEveryChannel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> adds = IntStream.range(0, 20).mapToObj(i -> pool.submit(() -> {
                start.await();
                return service.changeList("guild", ListSetting.CHANNELS, "c" + i, true, MOD);
            })).toList();
            start.countDown();
            for (Future<Boolean> f : adds) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(service.get("guild").channels()).hasSize(20);
    }

    @Test
    void changeList_removeLast_meansEverywhereAgain() {
        service.changeList("guild", ListSetting.CHANNELS, "c1", true, MOD);
        assertThat(service.get("guild").allowsChannel(List.of("c2"))).isFalse();

        boolean changed = service.changeList("guild", ListSetting.CHANNELS, "c1", false, MOD);

        assertThat(changed).isTrue();
        assertThat(service.get("guild").allowsChannel(List.of("c2"))).isTrue();
        assertThat(service.changeList("guild", ListSetting.CHANNELS, "c1", false, MOD)).isFalse();
    }

    @Test
    void changeList_idWithPunctuation_isRefusedWithTheRule() {
        assertThatThrownBy(() -> service.changeList("guild", ListSetting.MODERATOR_ROLES, "a,b", true, MOD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits");
    }

    @Test
    void get_handEditedBadValue_isIgnored() {
        db.jdbc().update("INSERT INTO community_setting (community_id, name, setting, updated_by, updated_at)"
                + " VALUES ('guild', 'duration', 'forever', 'x', ?)", Instant.EPOCH);

        assertThat(service.get("guild").values()).doesNotContainKey(CommunitySetting.DURATION);
    }
}
