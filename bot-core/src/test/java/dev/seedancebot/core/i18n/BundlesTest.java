package dev.seedancebot.core.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every language has every text of the English bundle, with the same placeholders, and the plural forms its
 * language needs (no more, no fewer); Discord's limits on what goes into its command menu hold in every language.
 */
class BundlesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Set<String> FORMS = Set.of(PluralRules.ONE, PluralRules.FEW, PluralRules.MANY,
            PluralRules.OTHER);
    /** Discord's rule for command and option names (lower case where the script has case). */
    private static final Pattern DISCORD_NAME = Pattern.compile("^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$");

    static Stream<Locale> translations() {
        return Languages.SHIPPED.stream().filter(l -> !l.equals(Languages.ENGLISH));
    }

    static Stream<Locale> languages() {
        return Languages.SHIPPED.stream();
    }

    @ParameterizedTest
    @MethodSource("translations")
    void bundle_againstEnglish_hasEveryTextAndNoOther(Locale language) {
        Properties english = Texts.bundle(Languages.ENGLISH);
        Properties other = Texts.bundle(language);

        assertThat(plain(other)).as("texts of %s", language).containsExactlyInAnyOrderElementsOf(plain(english));
        assertThat(families(other)).as("counted texts of %s", language)
                .containsExactlyInAnyOrderElementsOf(families(english));
    }

    @ParameterizedTest
    @MethodSource("translations")
    void bundle_againstEnglish_samePlaceholdersInEveryText(Locale language) {
        Properties english = Texts.bundle(Languages.ENGLISH);
        Properties other = Texts.bundle(language);
        List<String> mismatches = new ArrayList<>();
        for (String key : other.stringPropertyNames()) {
            String englishKey = english.containsKey(key) ? key : family(key) + "." + PluralRules.OTHER;
            if (!placeholders(other.getProperty(key)).equals(placeholders(english.getProperty(englishKey)))) {
                mismatches.add(key + ": " + placeholders(other.getProperty(key)) + " vs English "
                        + placeholders(english.getProperty(englishKey)));
            }
        }
        assertThat(mismatches).as("placeholders of %s", language).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("languages")
    void countedTexts_ofEachLanguage_haveExactlyItsPluralForms(Locale language) {
        Properties bundle = Texts.bundle(language);
        for (String family : families(bundle)) {
            Set<String> forms = new TreeSet<>();
            bundle.stringPropertyNames().stream().filter(k -> isForm(k) && family(k).equals(family))
                    .forEach(k -> forms.add(k.substring(k.lastIndexOf('.') + 1)));
            assertThat(forms).as("forms of %s in %s", family, language)
                    .containsAll(PluralRules.required(language))
                    .isSubsetOf(PluralRules.allowed(language));
        }
    }

    @ParameterizedTest
    @MethodSource("languages")
    void everyText_isWrittenAndItsBracesArePlaceholders(Locale language) {
        Properties bundle = Texts.bundle(language);
        for (String key : bundle.stringPropertyNames()) {
            String text = bundle.getProperty(key);
            assertThat(text).as("%s in %s", key, language).isNotBlank().isNotEqualTo(key);
            String withoutPlaceholders = PLACEHOLDER.matcher(text).replaceAll("");
            assertThat(withoutPlaceholders).as("stray brace in %s (%s)", key, language).doesNotContain("{", "}");
        }
    }

    @ParameterizedTest
    @MethodSource("languages")
    void discordMenuTexts_withinDiscordsLimits(Locale language) {
        Properties bundle = Texts.bundle(language);
        for (String key : bundle.stringPropertyNames()) {
            String text = bundle.getProperty(key).replace("{n}", "9");
            if (key.startsWith("discord.name.")) {
                assertThat(text).as("%s in %s", key, language).matches(DISCORD_NAME)
                        .isEqualTo(text.toLowerCase(language));
            } else if (key.startsWith("discord.option.") || key.startsWith("discord.sub.")
                    || key.startsWith("discord.command.") || key.startsWith("command.")
                    || key.startsWith("videomod.")) {
                assertThat(text.length()).as("%s in %s: %s", key, language, text).isBetween(1, 100);
            }
        }
    }

    @Test
    void missingTranslation_fallsBackToEnglishNeverToTheKey() {
        assertThat(Texts.of(Languages.SPANISH).get("charge.nothingCharged")).isEqualTo("No se cobró nada.");
        assertThat(Texts.of(Locale.FRENCH).get("charge.nothingCharged")).isEqualTo("Nothing was charged.");
    }

    @Test
    void count_russianForms_chosenByCldrRule() {
        Texts russian = Texts.of(Languages.RUSSIAN);

        assertThat(russian.count("unit.credits", 1)).isEqualTo("1 кредит");
        assertThat(russian.count("unit.credits", 3)).isEqualTo("3 кредита");
        assertThat(russian.count("unit.credits", 11)).isEqualTo("11 кредитов");
        assertThat(russian.count("unit.credits", 22)).isEqualTo("22 кредита");
        assertThat(russian.count("unit.credits", 25)).isEqualTo("25 кредитов");
        assertThat(Texts.of(Languages.PORTUGUESE_BR).count("unit.credits", 0)).isEqualTo("0 crédito");
        assertThat(Texts.of(Languages.CHINESE_SIMPLIFIED).count("unit.credits", 1)).isEqualTo("1 点额度");
        assertThat(Texts.of(Languages.SPANISH).count("unit.credits", 1_000_000)).isEqualTo("1000000 créditos");
    }

    @Test
    void get_unknownPlaceholderLeftAsWritten_forLaterFilling() {
        assertThat(Texts.of(Languages.ENGLISH).get("policy.otherPlaces", "places", "{places}"))
                .contains("{places}");
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Keys that are no plural form of a counted text. */
    private static Set<String> plain(Properties bundle) {
        Set<String> keys = new TreeSet<>();
        bundle.stringPropertyNames().stream().filter(k -> !isForm(k)).forEach(keys::add);
        return keys;
    }

    /** The counted texts: keys whose forms end in .one, .few, .many or .other. */
    private static Set<String> families(Properties bundle) {
        Set<String> keys = new TreeSet<>();
        bundle.stringPropertyNames().stream().filter(BundlesTest::isForm).map(BundlesTest::family).forEach(keys::add);
        return keys;
    }

    private static boolean isForm(String key) {
        return FORMS.contains(key.substring(key.lastIndexOf('.') + 1));
    }

    private static String family(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }
}
