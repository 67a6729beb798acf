package dev.seedancebot.testkit.seedance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Mutable state of one fake generation task. The current step is derived lazily from the poll count or the clock
 * whenever someone looks, so thousands of tasks cost no threads or timers. All methods synchronize on the task.
 */
final class FakeTask {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String UPSTREAM_MODEL = "doubao-seedance-2-0-mini-260615";

    private final String id;
    private final String upstreamId;
    private final String requestId;
    private final CreateRequest request;
    private final List<Step> steps;
    private final Instant createdAt;
    private int polls;
    private boolean forcedSuccess;
    private Instant startedAt;
    private Instant finishedAt;
    private boolean succeeded;

    FakeTask(String id, String upstreamId, String requestId, CreateRequest request, TaskScript script, Instant createdAt) {
        this.id = id;
        this.upstreamId = upstreamId;
        this.requestId = requestId;
        this.request = request;
        this.steps = script.steps();
        this.createdAt = createdAt;
    }

    synchronized void forceSuccess() {
        forcedSuccess = true;
    }

    /** Records one poll and returns the envelope to answer it with. */
    synchronized ObjectNode poll(Progression progression, Instant now, String baseUrl, Duration resultExpiry) {
        polls++;
        Step step = advance(progression, now);
        return envelope(step, baseUrl, resultExpiry);
    }

    synchronized TaskState state(Progression progression, Instant now) {
        Step step = advance(progression, now);
        return new TaskState(id, upstreamId, step.status(), step.progress(), polls, createdAt);
    }

    /** Whether the task has reached its last step, as a poll at {@code now} would see it (counts no poll). */
    synchronized boolean finished(Progression progression, Instant now) {
        advance(progression, now);
        return finishedAt != null;
    }

    /** When the result file stops being downloadable, or null while there is no result. */
    synchronized Instant resultExpiresAt(Duration resultExpiry) {
        return succeeded ? finishedAt.plus(resultExpiry) : null;
    }

    private Step advance(Progression progression, Instant now) {
        Step step = forcedSuccess ? Step.success() : steps.get(stepIndex(progression.rawIndex(polls, createdAt, now)));
        if (startedAt == null && "running".equals(step.innerStatus())) {
            startedAt = now;
        }
        if (finishedAt == null && step.terminal()) {
            finishedAt = now;
            succeeded = step.kind() == Step.Kind.SUCCESS;
            if (startedAt == null) {
                startedAt = now;
            }
        }
        return step;
    }

    /** Walks forward at most {@code raw} steps but never past a terminal or stuck step, nor past the end. */
    private int stepIndex(long raw) {
        int index = 0;
        while (index < raw && index < steps.size() - 1 && !steps.get(index).terminal() && !steps.get(index).holds()) {
            index++;
        }
        return index;
    }

    private ObjectNode envelope(Step step, String baseUrl, Duration resultExpiry) {
        String resultUrl = baseUrl + "/media/" + upstreamId + ".mp4?X-Tos-Expires=" + resultExpiry.toSeconds()
                + "&sig=fake";
        if (step.flat()) {
            return upstreamTask(step, baseUrl, resultUrl);
        }
        ObjectNode data = JSON.createObjectNode()
                .put("task_id", id)
                .put("action", request.action())
                .put("status", step.status());
        if (step.kind() == Step.Kind.SUCCESS && step.resultUrl()) {
            data.put("result_url", resultUrl);
        }
        String failReason = step.kind() == Step.Kind.SUCCESS && step.failReasonIsUrl() ? resultUrl : step.failReason();
        data.put("fail_reason", failReason)
                .put("submit_time", createdAt.getEpochSecond())
                .put("start_time", startedAt == null ? 0 : startedAt.getEpochSecond())
                .put("finish_time", finishedAt == null ? 0 : finishedAt.getEpochSecond())
                .put("progress", step.progress() + "%")
                .put("request_id", requestId);
        if (step.innerData()) {
            data.set("data", upstreamTask(step, baseUrl, resultUrl));
        }
        ObjectNode envelope = JSON.createObjectNode().put("code", "success").put("message", "");
        envelope.set("data", data);
        return envelope;
    }

    /** The raw Ark task object new-api keeps in {@code data.data}. */
    private ObjectNode upstreamTask(Step step, String baseUrl, String resultUrl) {
        ObjectNode ark = JSON.createObjectNode().put("id", upstreamId);
        if (step.innerStatus() == null) {
            return ark;
        }
        long updated = (finishedAt != null ? finishedAt : startedAt != null ? startedAt : createdAt).getEpochSecond();
        ark.put("model", UPSTREAM_MODEL).put("status", step.innerStatus());
        if (step.kind() == Step.Kind.SUCCESS) {
            ObjectNode content = ark.putObject("content").put("video_url", resultUrl);
            if (request.returnLastFrame()) {
                content.put("last_frame_url", baseUrl + "/media/" + upstreamId + "-last.png?X-Tos-Expires=86400&sig=fake");
            }
        }
        if (step.kind() == Step.Kind.FAILURE && step.errorCode() != null) {
            ark.putObject("error").put("code", step.errorCode()).put("message", step.failReason());
        }
        ark.put("created_at", createdAt.getEpochSecond()).put("updated_at", updated);
        if (step.kind() == Step.Kind.SUCCESS) {
            ark.put("duration", request.duration())
                    .put("ratio", request.outputRatio())
                    .put("resolution", request.resolution())
                    .put("framespersecond", 24)
                    .put("generate_audio", request.generateAudio())
                    .put("draft", false)
                    .put("seed", request.seed())
                    .put("service_tier", "default")
                    .put("execution_expires_after", 172800);
            ObjectNode usage = ark.putObject("usage")
                    .put("completion_tokens", request.completionTokens())
                    .put("total_tokens", request.completionTokens());
            if (request.webSearch()) {
                usage.putObject("tool_usage").put("web_search", 1);
            }
        }
        return ark;
    }

    /** How far a task has got before capping: by polls received, or by server-clock time when a step duration is set. */
    record Progression(int pollsPerStep, Duration stepDuration) {
        long rawIndex(int polls, Instant createdAt, Instant now) {
            if (stepDuration != null) {
                return Math.max(0, Duration.between(createdAt, now).toMillis()) / stepDuration.toMillis();
            }
            return Math.max(0, polls - 1) / pollsPerStep;
        }
    }
}
