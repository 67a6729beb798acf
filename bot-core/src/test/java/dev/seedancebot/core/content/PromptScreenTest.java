package dev.seedancebot.core.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The word matcher: whole words, any case, stars within words, phrases, and no input that makes it slow. */
class PromptScreenTest {

    private static Optional<WordPattern> match(String text, String... entries) {
        return new PromptScreen(Arrays.stream(entries).map(WordPattern::parse).toList()).match(text);
    }

    @Test
    void match_wholeWordInAnyCase_isFound() {
        assertThat(match("A cat covered in GORE, slowly", "gore")).map(WordPattern::text).contains("gore");
    }

    @Test
    void match_wordInsideAnotherWord_isNotFound() {
        assertThat(match("Gorey Street in the rain", "gore")).isEmpty();
        assertThat(match("a classic scene", "ass")).isEmpty();
    }

    @Test
    void match_starPatterns_coverPrefixSuffixAndInfix() {
        assertThat(match("the nudity scene", "nud*")).isPresent();
        assertThat(match("nude", "nud*")).isPresent();
        assertThat(match("a denude", "nud*")).isEmpty();
        assertThat(match("bloodbath", "*bath")).isPresent();
        assertThat(match("softcoreporn clip", "*porn*")).isPresent();
        assertThat(match("a-b-c", "a*c")).isEmpty(); // punctuation splits words
        assertThat(match("abc", "a*b*c")).isPresent();
        assertThat(match("ac", "a*c")).isPresent();
        assertThat(match("a", "a*a")).isEmpty();
    }

    @Test
    void match_phrase_needsItsWordsInARow() {
        assertThat(match("a blood   bath at dawn", "blood bath")).isPresent();
        assertThat(match("blood and a bath", "blood bath")).isEmpty();
    }

    @Test
    void match_styledAndFullWidthLetters_readAsPlainOnes() {
        assertThat(match("ＧＯＲＥ everywhere", "gore")).isPresent();
    }

    @Test
    void parse_entries_areNormalizedAndBadOnesExplained() {
        assertThat(WordPattern.parse("  Blood   BATH ").text()).isEqualTo("blood bath");
        assertThatThrownBy(() -> WordPattern.parse("*")).hasMessageContaining("Give a word");
        assertThatThrownBy(() -> WordPattern.parse("red *")).hasMessageContaining("only *");
        assertThatThrownBy(() -> WordPattern.parse("a b c d e f")).hasMessageContaining("at most 5 words");
        assertThatThrownBy(() -> WordPattern.parse("x".repeat(61))).hasMessageContaining("at most 60");
        // a regular expression is read as words, never compiled
        assertThat(WordPattern.parse("(a+)+$").text()).isEqualTo("a");
    }

    @Test
    void redosAttack_longPromptAgainstFullListOfStarPatterns_staysFast() {
        List<WordPattern> entries = new ArrayList<>();
        for (int i = 0; i < BlockedWords.MAX_ENTRIES; i++) {
            // the worst shapes for a backtracking matcher: many stars over repeated letters, failing at the end
            entries.add(WordPattern.parse("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b" + i));
        }
        PromptScreen screen = new PromptScreen(entries);
        String oneHugeWord = "a".repeat(5000);
        String manyWords = "aaaaaaaaaaaaaaaaaaa ".repeat(250);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(screen.match(oneHugeWord)).isEmpty();
            assertThat(screen.match(manyWords)).isEmpty();
        });
    }
}
