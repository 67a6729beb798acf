package dev.seedancebot.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.engine.queue.QueueLoad;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's load proof with two instances on one PostgreSQL: each dispatches (no single scheduler), and together
 * they must keep to the cap, deliver everything once and stay fair across communities.
 */
class ClusterQueueTest {
    private static final int COMMUNITIES = 100;
    private static final int PROVIDER_CAP = 20;
    private static final int BOT_CAP = 30;

    @TempDir
    Path dir;

    @Test
    void thousandRequests_twoInstancesOnePostgres_allDeliveredOnceCapHeldFair() throws Exception {
        try (QueueLoad load = new QueueLoad(dir, TestPostgres.freshDatabase(), TestPostgres.USER, 2, PROVIDER_CAP,
                BOT_CAP)) {
            List<String> ids = load.submitAll(COMMUNITIES, 10, 1);
            load.start();

            load.assertAllDeliveredFairly(ids, PROVIDER_CAP, BOT_CAP, COMMUNITIES);
            assertThat(load.nodes).allSatisfy(n -> assertThat(n.engine().queue().status().dispatched())
                    .as("each instance dispatches").isPositive());
            assertThat(load.jainOfFirst(ids.size() / 2, COMMUNITIES)).isGreaterThanOrEqualTo(0.95);
            System.out.printf("cluster queue load: %d delivered by 2 instances (%d and %d dispatched), provider"
                            + " refused %d creates, most held %d, Jain index of the first half %.4f%n",
                    load.posted.size(), load.nodes.get(0).engine().queue().status().dispatched(),
                    load.nodes.get(1).engine().queue().status().dispatched(), load.fake.quotaRefusals(),
                    load.mostHeld(), load.jainOfFirst(ids.size() / 2, COMMUNITIES));
        }
    }
}
