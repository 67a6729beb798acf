package dev.seedancebot.core.ports.in;

import java.util.Objects;

/** Everything a chat adapter may ask of the core; adapters take this, never the core's services. */
public record ChatPorts(VideoRequests requests, TaskActions tasks, ModerationRequests moderation, QuotaQueries quota,
        TaskHistory history, UsageStatsQueries stats, ContentActions content, LanguageRequests languages) {
    public ChatPorts {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(moderation, "moderation");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(languages, "languages");
    }
}
