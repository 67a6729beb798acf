package dev.seedancebot.core.content;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A community's blocked entries together with the operator's, ready to check prompts against. Cost per prompt: for
 * each entry, one pass over the prompt's words (single words only over its distinct words). Immutable, thread-safe.
 */
public final class PromptScreen {
    public static final PromptScreen EMPTY = new PromptScreen(List.of());

    private final List<WordPattern> entries;

    public PromptScreen(List<WordPattern> entries) {
        this.entries = List.copyOf(new LinkedHashSet<>(entries));
    }

    public List<WordPattern> entries() {
        return entries;
    }

    /** The combined list of this screen's entries and {@code more}. */
    public PromptScreen with(List<WordPattern> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<WordPattern> all = new java.util.ArrayList<>(entries);
        all.addAll(more);
        return new PromptScreen(all);
    }

    /** The first entry the text contains, if any. */
    public Optional<WordPattern> match(String text) {
        if (entries.isEmpty() || text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<String> words = Words.tokens(text, false);
        Set<String> distinct = new LinkedHashSet<>(words);
        List<String> singles = List.copyOf(distinct);
        for (WordPattern entry : entries) {
            List<String> against = entry.wordCount() == 1 ? singles : words;
            for (int at = 0; at < against.size(); at++) {
                if (entry.matchesAt(against, at)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }
}
