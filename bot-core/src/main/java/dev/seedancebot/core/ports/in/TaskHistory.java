package dev.seedancebot.core.ports.in;

import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.media.fit.ResultNames;
import dev.seedancebot.core.platform.Delivery;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.task.TaskView;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code /history}: a person's own recent videos where they ask (this community, or their private chats), a page at
 * a time, and their kept files again. Run again and extend are {@link TaskActions#reroll} and
 * {@link TaskActions#extend}: new requests through the normal intake, checked and charged like any other.
 */
public interface TaskHistory {
    /** Entries per page: with a row of buttons each and one for paging, it fits Discord's five rows. */
    int PAGE_SIZE = 4;

    /**
     * One video in the list.
     *
     * @param fileKept its result file is still kept (the retention sweep removes it after a week), so it can be sent
     *     again and extended
     * @param deleted its requester or a moderator deleted the posted video; its file is not offered again
     */
    record Entry(TaskView task, boolean fileKept, boolean deleted) {
        public Entry(TaskView task, boolean fileKept) {
            this(task, fileKept, false);
        }
    }

    /**
     * @param text the page in words, ready to show
     * @param page zero-based
     */
    record Page(UserKey owner, List<Entry> entries, int page, boolean hasPrevious, boolean hasNext, String text)
            implements PageOutcome {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    sealed interface PageOutcome permits Page, PageRefused {}

    record PageRefused(Answer answer) implements PageOutcome {}

    /** A kept result file to post again in the chat where it was asked for. */
    record KeptFile(TaskView task, Path file, long sizeBytes) implements FileOutcome {
        public KeptFile {
            Objects.requireNonNull(file, "file");
        }

        /** The file as both platforms post it: video/mp4 under the same meaningful name as its first delivery. */
        public Delivery.Upload upload() {
            return new Delivery.Upload(file, sizeBytes, ResultNames.fileName(task.prompt(), task.id()), null, null);
        }
    }

    sealed interface FileOutcome permits KeptFile, FileRefused {}

    record FileRefused(Answer answer) implements FileOutcome {}

    /**
     * Page {@code page} of {@code owner}'s history where {@code actor} is; {@code owner} is whom the list was made
     * for (a button's data), refused unless it is the actor. Counts as a command.
     */
    PageOutcome page(Actor actor, UserKey owner, int page);

    /** The kept file of the actor's own delivered video; refused like any other task action otherwise. */
    FileOutcome keptFile(Actor actor, String taskId);
}
