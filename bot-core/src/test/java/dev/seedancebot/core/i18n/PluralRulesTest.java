package dev.seedancebot.core.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spot checks of CLDR's cardinal rules for the shipped languages (cldr-json plurals.json, integers). */
class PluralRulesTest {

    @Test
    void category_russian_oneFewMany() {
        assertThat(PluralRules.category(Languages.RUSSIAN, 1)).isEqualTo("one");
        assertThat(PluralRules.category(Languages.RUSSIAN, 21)).isEqualTo("one");
        assertThat(PluralRules.category(Languages.RUSSIAN, 2)).isEqualTo("few");
        assertThat(PluralRules.category(Languages.RUSSIAN, 104)).isEqualTo("few");
        assertThat(PluralRules.category(Languages.RUSSIAN, 0)).isEqualTo("many");
        assertThat(PluralRules.category(Languages.RUSSIAN, 11)).isEqualTo("many");
        assertThat(PluralRules.category(Languages.RUSSIAN, 12)).isEqualTo("many");
        assertThat(PluralRules.category(Languages.RUSSIAN, 114)).isEqualTo("many");
    }

    @Test
    void category_englishSpanishPortugueseChinese() {
        assertThat(PluralRules.category(Languages.ENGLISH, 1)).isEqualTo("one");
        assertThat(PluralRules.category(Languages.ENGLISH, 0)).isEqualTo("other");
        assertThat(PluralRules.category(Languages.SPANISH, 0)).isEqualTo("other");
        assertThat(PluralRules.category(Languages.SPANISH, 2_000_000)).isEqualTo("many");
        assertThat(PluralRules.category(Languages.PORTUGUESE_BR, 0)).isEqualTo("one");
        assertThat(PluralRules.category(Languages.PORTUGUESE_BR, 2)).isEqualTo("other");
        assertThat(PluralRules.category(Languages.CHINESE_SIMPLIFIED, 1)).isEqualTo("other");
    }

    @Test
    void match_platformTags_toShippedLanguagesOnly() {
        assertThat(Languages.match("es-ES")).contains(Languages.SPANISH);
        assertThat(Languages.match("es-419")).contains(Languages.SPANISH);
        assertThat(Languages.match("pt-br")).contains(Languages.PORTUGUESE_BR);
        assertThat(Languages.match("pt-PT")).isEmpty();
        assertThat(Languages.match("zh-CN")).contains(Languages.CHINESE_SIMPLIFIED);
        assertThat(Languages.match("zh-hans")).contains(Languages.CHINESE_SIMPLIFIED);
        assertThat(Languages.match("zh-TW")).isEmpty();
        assertThat(Languages.match("en-GB")).contains(Languages.ENGLISH);
        assertThat(Languages.match("fr")).isEmpty();
        assertThat(Languages.match(null)).isEmpty();
    }
}
