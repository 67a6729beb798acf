package dev.seedancebot.core.content;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into the words blocked-word entries are matched against: compatibility-normalized (NFKC, so full-width
 * and styled letters read as plain ones) and lower-cased, a word being a run of letters, digits and combining marks.
 * Scripts written without spaces (Chinese, Japanese, Thai) come out as one long word: entries for them need stars
 * ({@code *word*}).
 */
final class Words {
    private Words() {}

    /** @param keepStars whether {@code *} belongs to words (entries) or separates them (prompts) */
    static List<String> tokens(String text, boolean keepStars) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < normal.length(); ) {
            int cp = normal.codePointAt(i);
            i += Character.charCount(cp);
            if (isWordPart(cp) || keepStars && cp == '*') {
                word.appendCodePoint(cp);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static boolean isWordPart(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
