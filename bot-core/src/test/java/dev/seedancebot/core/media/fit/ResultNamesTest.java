package dev.seedancebot.core.media.fit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultNamesTest {

    @Test
    void fileName_prompt_firstWordsLowercasedWithTheTaskId() {
        assertThat(ResultNames.fileName("Crème brûlée on a SPINNING plate, 4K slow-motion", "t7k2m9q"))
                .isEqualTo("creme-brulee-on-a-spinning-plate-t7k2m9q.mp4");
    }

    @Test
    void fileName_pathsAndControlCharacters_dropped() {
        assertThat(ResultNames.fileName("../../etc/passwd\u0000\r\n<script>", "t1"))
                .isEqualTo("etc-passwd-script-t1.mp4");
    }

    @Test
    void fileName_noLatinWords_fallsBackToSeedanceAndId() {
        assertThat(ResultNames.fileName("  東京の夜  ", "t1")).isEqualTo("seedance-t1.mp4");
        assertThat(ResultNames.fileName(null, "t1")).isEqualTo("seedance-t1.mp4");
    }
}
