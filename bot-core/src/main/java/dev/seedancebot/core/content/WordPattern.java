package dev.seedancebot.core.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One entry of a blocked-word list: one word or a phrase of up to {@value #MAX_WORDS} words, matched case-insensitively
 * against whole words of a prompt; {@code *} inside a word stands for any letters or digits ({@code nud*} blocks
 * "nude" and "nudity", {@code *porn*} any word containing "porn"). Moderators never write a regular expression: each
 * word is split at its stars and matched with {@link String#startsWith}, {@link String#endsWith} and leftmost
 * {@link String#indexOf}, which is exact for star-only patterns and linear in the word for each segment, so no prompt
 * can make a check slow (no backtracking, no ReDoS). Immutable.
 */
public final class WordPattern {
    public static final int MAX_CHARS = 60;
    public static final int MAX_WORDS = 5;

    private final String text;
    private final List<Glob> words;

    private WordPattern(String text, List<Glob> words) {
        this.text = text;
        this.words = words;
    }

    /**
     * Reads an entry as a moderator typed it.
     *
     * @throws IllegalArgumentException with a message that says what to fix
     */
    public static WordPattern parse(String input) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException(ContentTexts.patternEmpty());
        }
        List<String> tokens = Words.tokens(input, true);
        if (tokens.isEmpty() || tokens.stream().allMatch(t -> t.replace("*", "").isEmpty())) {
            throw new IllegalArgumentException(ContentTexts.patternEmpty());
        }
        if (tokens.size() > MAX_WORDS) {
            throw new IllegalArgumentException(ContentTexts.patternTooManyWords(MAX_WORDS));
        }
        if (tokens.stream().anyMatch(t -> t.replace("*", "").isEmpty())) {
            throw new IllegalArgumentException(ContentTexts.patternStarAlone());
        }
        String text = String.join(" ", tokens);
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException(ContentTexts.patternTooLong(MAX_CHARS));
        }
        return new WordPattern(text, tokens.stream().map(Glob::new).toList());
    }

    /** The entry as stored and listed: lower case, words separated by one space. */
    public String text() {
        return text;
    }

    int wordCount() {
        return words.size();
    }

    /** Whether the entry matches the prompt's words starting at {@code at}. */
    boolean matchesAt(List<String> promptWords, int at) {
        if (at + words.size() > promptWords.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).matches(promptWords.get(at + i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** One word of the entry, split at its stars. */
    private static final class Glob {
        private final String whole;
        private final boolean starts;
        private final boolean ends;
        private final String[] parts;

        Glob(String word) {
            this.whole = word;
            this.starts = !word.startsWith("*");
            this.ends = !word.endsWith("*");
            List<String> nonEmpty = new ArrayList<>(Arrays.stream(word.split("\\*")).filter(s -> !s.isEmpty())
                    .toList());
            this.parts = nonEmpty.toArray(String[]::new);
        }

        boolean matches(String word) {
            if (whole.indexOf('*') < 0) {
                return whole.equals(word);
            }
            int from = 0;
            int end = word.length();
            int first = 0;
            int last = parts.length;
            if (starts) {
                if (!word.startsWith(parts[0])) {
                    return false;
                }
                from = parts[0].length();
                first = 1;
            }
            if (ends && last > first) {
                String tail = parts[last - 1];
                if (!word.endsWith(tail) || word.length() - tail.length() < from) {
                    return false;
                }
                end = word.length() - tail.length();
                last--;
            }
            // leftmost placement of each middle part is optimal when '*' is the only wildcard
            for (int i = first; i < last; i++) {
                int found = word.indexOf(parts[i], from);
                if (found < 0 || found + parts[i].length() > end) {
                    return false;
                }
                from = found + parts[i].length();
            }
            return true;
        }

        @Override
        public String toString() {
            return whole;
        }
    }
}
