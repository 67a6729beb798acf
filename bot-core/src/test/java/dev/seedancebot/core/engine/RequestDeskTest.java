package dev.seedancebot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.CoreAssembly;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.Platform;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.request.VideoOptions;
import dev.seedancebot.core.request.VideoRequest;
import dev.seedancebot.testkit.seedance.FakeSeedanceServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request desk between chat and engine: where a follow-up of one's own video from a private chat is charged.
 * Only the press under a community's video delivered to the requester's DM acts in that community; anything else
 * sent from a private chat is a private chat's request.
 */
class RequestDeskTest {
    private static final String COMMUNITY = EngineHarness.CHAT.communityId();
    private static final ChatRef DM = new ChatRef(Platform.CONSOLE, COMMUNITY, "dm-of-alice", null, null);

    @TempDir
    Path dir;
    private FakeSeedanceServer fake;
    private CoreAssembly core;

    @BeforeEach
    void start() {
        fake = FakeSeedanceServer.start();
        core = new EngineHarness(dir, fake, new RecordingPlatformPort()).build();
        core.start();
    }

    @AfterEach
    void stop() {
        core.close(Duration.ofSeconds(2));
        fake.close();
    }

    private String privateResultInTheCommunity() {
        Actor inCommunity = Actor.member(EngineHarness.ALICE, COMMUNITY, List.of("chat-1"), Set.of(), fresh -> false);
        VideoRequest request = VideoRequest.text("a private one", VideoOptions.DEFAULTS, EngineHarness.ALICE, DM);
        SubmitOutcome outcome = core.ports().requests().submit(inCommunity, request, null);
        assertThat(outcome).isInstanceOf(SubmitOutcome.Accepted.class);
        return ((SubmitOutcome.Accepted) outcome).task().id();
    }

    @Test
    void rerollPressedUnderTheVideoInTheRequestersDm_chargedToTheVideosCommunity() {
        String id = privateResultInTheCommunity();

        SubmitOutcome again = core.ports().tasks().reroll(Actor.direct(EngineHarness.ALICE), id, DM);

        assertThat(again).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                a -> assertThat(a.task().chat().communityId()).isEqualTo(COMMUNITY));
    }

    @Test
    void ownTaskReRolledFromAnotherPrivateChat_chargedToThePrivateScope() {
        String id = privateResultInTheCommunity();
        ChatRef elsewhere = ChatRef.of(Platform.CONSOLE, null, "another-private-chat");

        SubmitOutcome again = core.ports().tasks().reroll(Actor.direct(EngineHarness.ALICE), id, elsewhere);

        // the terminal is an operator, so the private-chat policy lets it through (others are refused by default)
        assertThat(again).isInstanceOfSatisfying(SubmitOutcome.Accepted.class,
                a -> assertThat(a.task().chat().communityId()).isNull());
    }
}
