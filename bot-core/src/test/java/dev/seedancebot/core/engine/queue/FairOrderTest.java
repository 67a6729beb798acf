package dev.seedancebot.core.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairOrderTest {
    @Test
    void skipLast_laneRowsLockedElsewhere_othersServedAndSkippedLaneKeepsItsPlace() {
        FairOrder order = new FairOrder(0, Map.of(), List.of(
                new FairOrder.Lane("C:a", "u1", 2, 1),
                new FairOrder.Lane("C:b", "u2", 1, 2)), c -> 1.0);

        assertThat(order.next().communityKey()).isEqualTo("C:a");
        order.skipLast();
        assertThat(order.next().communityKey()).isEqualTo("C:b");
        assertThat(order.next()).isNull();

        assertThat(order.updates()).containsExactlyInAnyOrder(
                new FairOrder.Update("C:b", "u2", null), new FairOrder.Update("C:b", "", null));
        assertThat(order.virtualTime()).isZero();
    }

    @Test
    void next_threeCommunitiesOneBusy_roundRobinThenTheBusyOne() {
        FairOrder order = new FairOrder(0, Map.of(), List.of(
                new FairOrder.Lane("C:busy", "u1", 3, 1),
                new FairOrder.Lane("C:x", "u2", 1, 2),
                new FairOrder.Lane("C:y", "u3", 1, 3)), c -> 1.0);

        assertThat(List.of(order.next(), order.next(), order.next(), order.next(), order.next()))
                .extracting(FairOrder.Lane::communityKey)
                .containsExactly("C:busy", "C:x", "C:y", "C:busy", "C:busy");
    }
}
