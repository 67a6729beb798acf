package dev.seedancebot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Acknowledgements settle in any order; each user's interactions are still handed off in the order they came. */
class UserOrderTest {
    private final UserOrder order = new UserOrder();
    private final List<String> handedOff = new ArrayList<>();

    @Test
    void settle_laterAcknowledgedFirst_handedOffInTheOrderSent() {
        UserOrder.Place first = order.enter("bob");
        UserOrder.Place second = order.enter("bob");
        UserOrder.Place third = order.enter("bob");

        order.settle(third, () -> handedOff.add("third"));
        order.settle(second, () -> handedOff.add("second"));
        assertThat(handedOff).isEmpty();
        order.settle(first, () -> handedOff.add("first"));

        assertThat(handedOff).containsExactly("first", "second", "third");
        assertThat(order.waitingUsers()).isZero();
    }

    @Test
    void settle_earlierAcknowledgementFailed_itIsSkippedAndTheNextGoes() {
        UserOrder.Place failed = order.enter("bob");
        UserOrder.Place next = order.enter("bob");

        order.settle(next, () -> handedOff.add("next"));
        order.settle(failed, null);

        assertThat(handedOff).containsExactly("next");
    }

    @Test
    void settle_anotherUsersAcknowledgementPending_notHeldBack() {
        order.enter("alice");
        UserOrder.Place bob = order.enter("bob");

        order.settle(bob, () -> handedOff.add("bob"));

        assertThat(handedOff).containsExactly("bob");
        assertThat(order.waitingUsers()).isEqualTo(1);
    }
}
