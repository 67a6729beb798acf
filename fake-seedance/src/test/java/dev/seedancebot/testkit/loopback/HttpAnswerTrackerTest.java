package dev.seedancebot.testkit.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpAnswerTrackerTest {
    private final HttpAnswerTracker tracker = new HttpAnswerTracker();

    private void forward(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        tracker.answerForwarded(bytes, 0, bytes.length);
    }

    @Test
    void fixedLengthAnswer_headerAndBodyInSeparateWrites_busyUntilTheLastByte() {
        tracker.requestSent();
        forward("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        assertThat(tracker.betweenAnswers()).as("header only").isFalse();
        forward("01234");
        assertThat(tracker.betweenAnswers()).as("half the body").isFalse();
        forward("56789");
        assertThat(tracker.betweenAnswers()).isTrue();
    }

    @Test
    void chunkedAnswer_lastChunkSplitAcrossWrites_busyUntilItEnds() {
        tracker.requestSent();
        forward("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r");
        assertThat(tracker.betweenAnswers()).isFalse();
        forward("\n\r\n");
        assertThat(tracker.betweenAnswers()).isTrue();
    }

    @Test
    void continueThenNoContent_bodilessAnswers_betweenAnswersAfterTheFinalOne() {
        tracker.requestSent();
        forward("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(tracker.betweenAnswers()).isFalse();
        forward("HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(tracker.betweenAnswers()).isTrue();
    }

    @Test
    void answerWithoutLength_endsOnlyWithTheConnection_neverBetweenAnswers() {
        tracker.requestSent();
        forward("HTTP/1.1 200 OK\r\n\r\nstreaming");
        assertThat(tracker.betweenAnswers()).isFalse();
    }

    @Test
    void requestSent_beforeAnyAnswer_owesOne() {
        assertThat(tracker.betweenAnswers()).isTrue();
        tracker.requestSent();
        assertThat(tracker.betweenAnswers()).isFalse();
    }
}
