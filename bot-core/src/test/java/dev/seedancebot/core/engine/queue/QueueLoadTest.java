package dev.seedancebot.core.engine.queue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 16's queue: 1,000 requests from 100 communities of 10 users against a provider that runs at
 * most 20 tasks and answers QuotaExceeded beyond. The bot's own cap is set above the provider's (30), so the
 * provider does push back and the queue must absorb it.
 */
class QueueLoadTest {
    static final int COMMUNITIES = 100;
    static final int USERS = 10;
    static final int PROVIDER_CAP = 20;
    static final int BOT_CAP = 30;

    @TempDir
    Path dir;

    @Test
    void thousandRequests_providerCappedAt20_allDeliveredNoneFailedCapHeldFairAcrossCommunities() throws Exception {
        try (QueueLoad load = new QueueLoad(dir, null, null, 1, PROVIDER_CAP, BOT_CAP)) {
            List<String> ids = load.submitAll(COMMUNITIES, USERS, 1);
            load.start();

            load.assertAllDeliveredFairly(ids, PROVIDER_CAP, BOT_CAP, COMMUNITIES);
            System.out.printf("queue load: %d delivered, provider refused %d creates, most running at the provider"
                            + " %d, most held by the bot %d, Jain index of the first half %.4f%n",
                    load.posted.size(), load.fake.quotaRefusals(), load.fake.mostRunningTasks(), load.mostHeld(),
                    load.jainOfFirst(ids.size() / 2, COMMUNITIES));
        }
    }
}
