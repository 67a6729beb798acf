package dev.seedancebot.core.engine;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.platform.Notice;
import dev.seedancebot.core.platform.PlatformRouter;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the requester sees of their task besides the result: the progress message and notices, always in the
 * requester's language. Both are best-effort: a platform fault here is logged and never stops the task.
 */
final class Notices {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    private final TaskStore store;
    private final TaskTransitions transitions;
    private final PlatformRouter router;
    private final Clock clock;

    Notices(TaskStore store, TaskTransitions transitions, PlatformRouter router, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.router = router;
        this.clock = clock;
    }

    void showProgress(String id) {
        TaskRecord task = store.find(id).orElse(null);
        if (task == null) {
            return;
        }
        router.port(task.requester().platform()).ifPresent(port -> {
            try (Texts.Scope language = Texts.use(store.language(id))) {
                String messageId = port.showProgress(task.view());
                if (messageId != null && !messageId.equals(task.progressMessageId())) {
                    transitions.recordProgressMessage(id, task.state(), messageId, clock.instant());
                }
            } catch (RuntimeException e) {
                // progress is cosmetic; the result is still posted as its own message
                log.warn("task {} progress update failed: {}", id, e.getMessage());
            }
        });
    }

    void notifyQuietly(String id, Notice notice) {
        TaskRecord task = store.find(id).orElse(null);
        if (task == null) {
            return;
        }
        router.port(task.requester().platform()).ifPresent(port -> {
            try (Texts.Scope language = Texts.use(store.language(id))) {
                port.notify(task.view(), notice);
            } catch (RuntimeException e) {
                log.warn("task {} notice {} could not be posted: {}", id, notice.kind(), e.getMessage());
            }
        });
    }

    /**
     * {@code text} written in the language of the task's requester, as they asked for it: what the engine tells them
     * (and stores as their progress message's ending) is in their language even when a moderator acted.
     */
    String inRequesterLanguage(String id, Supplier<String> text) {
        try (Texts.Scope language = Texts.use(store.language(id))) {
            return text.get();
        }
    }
}
