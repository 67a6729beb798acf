package dev.seedancebot.core.request;

import dev.seedancebot.core.i18n.Texts;

/** The input mode of a request, derived from its media roles and intent (see {@link VideoRequest#mode()}). */
public enum GenerationMode {
    TEXT_TO_VIDEO("mode.textToVideo"),
    FIRST_FRAME("mode.firstFrame"),
    FIRST_LAST_FRAME("mode.firstLastFrame"),
    REFERENCE("mode.reference"),
    EDIT("mode.edit"),
    EXTEND("mode.extend");

    private final String textKey;

    GenerationMode(String textKey) {
        this.textKey = textKey;
    }

    /** The mode in words, in the language of the current {@link Texts} scope. */
    public String description() {
        return Texts.t(textKey);
    }
}
