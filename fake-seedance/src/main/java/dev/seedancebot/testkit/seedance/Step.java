package dev.seedancebot.testkit.seedance;

import java.util.Objects;

/**
 * One state a fake task reports to polls; a {@link TaskScript} is a sequence of them. The factories cover the
 * states listed in API-NOTES §5.2–5.5, including the odd-but-legal ones a client must tolerate. Immutable.
 */
public final class Step {
    enum Kind {
        PENDING,
        SUCCESS,
        FAILURE
    }

    /** Fail reason new-api's sweeper writes when a task passes {@code TaskTimeoutMinutes} (default 1440). */
    static final String TIMEOUT_1440_REASON = "任务超时（1440分钟）";

    private final Kind kind;
    private final String status;
    private final int progress;
    private final String innerStatus;
    private final boolean innerData;
    private final boolean holds;
    private final boolean resultUrl;
    private final boolean failReasonIsUrl;
    private final String errorCode;
    private final String failReason;
    private final boolean flat;

    private Step(
            Kind kind,
            String status,
            int progress,
            String innerStatus,
            boolean innerData,
            boolean holds,
            boolean resultUrl,
            boolean failReasonIsUrl,
            String errorCode,
            String failReason) {
        this.kind = kind;
        this.status = Objects.requireNonNull(status, "status");
        this.progress = progress;
        this.innerStatus = innerStatus;
        this.innerData = innerData;
        this.holds = holds;
        this.resultUrl = resultUrl;
        this.failReasonIsUrl = failReasonIsUrl;
        this.errorCode = errorCode;
        this.failReason = failReason;
        this.flat = false;
    }

    /** A copy of {@code base} with another raw Ark status, or answering with the bare Ark task. */
    private Step(Step base, String innerStatus, boolean flat) {
        this.kind = base.kind;
        this.status = base.status;
        this.progress = base.progress;
        this.innerStatus = innerStatus;
        this.innerData = base.innerData;
        this.holds = base.holds;
        this.resultUrl = base.resultUrl;
        this.failReasonIsUrl = base.failReasonIsUrl;
        this.errorCode = base.errorCode;
        this.failReason = base.failReason;
        this.flat = flat;
    }

    /**
     * A non-terminal state with any platform status text (including {@code "SUBMITTED"}, {@code "UNKNOWN"} or
     * {@code ""}) and progress in percent. The raw Ark object in {@code data.data} says {@code queued} for
     * {@code QUEUED}, holds only the Ark id for {@code NOT_START}/{@code SUBMITTED}/{@code ""} (nothing polled
     * upstream yet) and says {@code running} otherwise.
     */
    public static Step pending(String status, int progress) {
        if (progress < 0 || progress > 100) {
            throw new IllegalArgumentException("progress must be 0-100, was " + progress);
        }
        String inner =
                switch (status) {
                    case "NOT_START", "SUBMITTED", "" -> null;
                    case "QUEUED" -> "queued";
                    default -> "running";
                };
        return new Step(Kind.PENDING, status, progress, inner, true, false, false, false, null, "");
    }

    /** {@link #pending(String, int)} with the progress new-api's Doubao adaptor assigns to that status. */
    public static Step pending(String status) {
        int progress =
                switch (status) {
                    case "NOT_START", "SUBMITTED", "" -> 0;
                    case "QUEUED" -> 10;
                    case "IN_PROGRESS" -> 50;
                    default -> 30;
                };
        return pending(status, progress);
    }

    /** {@code IN_PROGRESS 50%} that never advances, to exercise client deadlines. */
    public static Step stuck() {
        Step running = pending("IN_PROGRESS", 50);
        return new Step(Kind.PENDING, running.status, running.progress, running.innerStatus, true, true, false, false,
                null, "");
    }

    /** {@code SUCCESS 100%} with {@code result_url}, the inner {@code content.video_url} and an empty fail_reason. */
    public static Step success() {
        return new Step(Kind.SUCCESS, "SUCCESS", 100, "succeeded", true, false, true, false, null, "");
    }

    /** Success where {@code result_url} is absent and only {@code data.data.content.video_url} carries the URL. */
    public static Step successInnerUrlOnly() {
        return new Step(Kind.SUCCESS, "SUCCESS", 100, "succeeded", true, false, false, false, null, "");
    }

    /** Success where {@code fail_reason} repeats the result URL (new-api's legacy behaviour, §1.2). */
    public static Step successFailReasonIsUrl() {
        return new Step(Kind.SUCCESS, "SUCCESS", 100, "succeeded", true, false, true, true, null, "");
    }

    /**
     * {@code FAILURE 100%}: {@code message} goes to {@code fail_reason} and {@code data.data.error.message}, the
     * Ark {@code code} (e.g. {@code OutputVideoSensitiveContentDetected}) only to {@code data.data.error.code}.
     */
    public static Step failure(String code, String message) {
        return new Step(Kind.FAILURE, "FAILURE", 100, "failed", true, false, false, false,
                Objects.requireNonNull(code, "code"), Objects.requireNonNull(message, "message"));
    }

    /**
     * Ark's verdict on the generated soundtrack alone ({@code OutputAudioSensitiveContentDetected}): the picture
     * passed, the audio did not. Sent again without {@code generate_audio}, a task may succeed.
     */
    public static Step outputAudioRefused() {
        return failure("OutputAudioSensitiveContentDetected", "The request failed because the output audio may"
                + " contain sensitive information. Request id: 0217733283fakeaudio");
    }

    /** Ark {@code expired} (the execution window passed upstream) surfaced as {@code FAILURE}. */
    public static Step expired() {
        return new Step(Kind.FAILURE, "FAILURE", 100, "expired", true, false, false, false, null,
                "The task has expired because it was not completed within the execution expiration time.");
    }

    /**
     * The gateway sweeper's timeout: {@code FAILURE} with fail_reason {@code 任务超时（1440分钟）} while the stale raw
     * Ark object still says {@code running}.
     */
    public static Step timeout1440() {
        return new Step(Kind.FAILURE, "FAILURE", 100, "running", true, false, false, false, null,
                TIMEOUT_1440_REASON);
    }

    /** A copy of this step whose envelope has no {@code data.data} object at all. */
    public Step withoutInnerData() {
        return new Step(kind, status, progress, innerStatus, false, holds, resultUrl, failReasonIsUrl, errorCode,
                failReason);
    }

    /**
     * A copy whose raw Ark object in {@code data.data} says {@code innerStatus} (e.g. {@code failed} or
     * {@code succeeded}) while the gateway's own status stays as it is: new-api has seen Ark's verdict but not yet
     * settled the task (refund, result URL), so the gateway's status is the one that counts.
     */
    public Step withInnerStatus(String innerStatus) {
        return new Step(this, Objects.requireNonNull(innerStatus, "innerStatus"), flat);
    }

    /**
     * A copy answered as the bare Ark task object ({@code {"id":"cgt-…","status":"succeeded","content":{
     * "video_url":…}}}), without new-api's envelope, as some gateways in the family relay it.
     */
    public Step asFlatArkTask() {
        return new Step(this, innerStatus == null ? "running" : innerStatus, true);
    }

    boolean flat() {
        return flat;
    }

    Kind kind() {
        return kind;
    }

    String status() {
        return status;
    }

    int progress() {
        return progress;
    }

    /** Lowercase Ark status for {@code data.data.status}; null when the raw object holds just the id. */
    String innerStatus() {
        return innerStatus;
    }

    boolean innerData() {
        return innerData;
    }

    boolean holds() {
        return holds;
    }

    boolean resultUrl() {
        return resultUrl;
    }

    boolean failReasonIsUrl() {
        return failReasonIsUrl;
    }

    String errorCode() {
        return errorCode;
    }

    String failReason() {
        return failReason;
    }

    boolean terminal() {
        return kind != Kind.PENDING;
    }

    @Override
    public String toString() {
        return status + " " + progress + "%" + (holds ? " (stuck)" : "") + (innerData ? "" : " (no data.data)");
    }
}
